package dev.fraudwatch.cluster;

import dev.fraudwatch.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster from Maven jars, as Flink's own {@code jobmanager.sh}/{@code taskmanager.sh}
 * would start it (flink-dist, which holds those scripts, is not on Maven Central): a {@code config.yaml}, the
 * memory JVM flags computed by Flink's {@code BashJavaUtils}, Flink's Java 17 module flags, and one JVM per
 * JobManager/TaskManager.
 */
final class FlinkProcesses {

    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** Flink's default env.java.opts.all (its config.yaml): without them Java 17 refuses Flink's reflection. */
    static final List<String> JAVA17_FLAGS = List.of(
        "-XX:+IgnoreUnrecognizedVMOptions",
        "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
        "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.text=ALL-UNNAMED",
        "--add-opens=java.base/java.time=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final ClusterConfig config;
    private final String classpath;
    private final Path flinkDir;
    private final Path confDir;
    private final Path logDir;

    FlinkProcesses(ClusterConfig config, String classpath, Path logDir) {
        this.config = config;
        this.classpath = classpath;
        this.flinkDir = config.dir().resolve("flink");
        this.confDir = flinkDir.resolve("conf");
        this.logDir = logDir;
    }

    Path checkpointDir() {
        return flinkDir.resolve("checkpoints");
    }

    Path savepointDir() {
        return flinkDir.resolve("savepoints");
    }

    /** The session cluster's configuration. Small memory, fast failure detection, everything on loopback. */
    Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        String host = ClusterConfig.HOST;
        c.put("jobmanager.rpc.address", host);
        c.put("jobmanager.rpc.port", String.valueOf(config.flinkRpcPort()));
        c.put("jobmanager.bind-host", host);
        c.put("rest.address", host);
        c.put("rest.bind-address", host);
        c.put("rest.port", String.valueOf(config.flinkRestPort()));
        c.put("taskmanager.host", host);
        c.put("taskmanager.bind-host", host);
        // Small JVMs: the default metaspace (256m) and overhead minimum (192m) alone would exceed them.
        c.put("jobmanager.memory.process.size", config.jobManagerMemory());
        c.put("jobmanager.memory.jvm-metaspace.size", "192m");
        c.put("jobmanager.memory.jvm-overhead.min", "64m");
        c.put("jobmanager.memory.off-heap.size", "64m");
        c.put("taskmanager.memory.process.size", config.taskManagerMemory());
        c.put("taskmanager.memory.jvm-metaspace.size", "160m");
        c.put("taskmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.framework.heap.size", "64m");
        c.put("taskmanager.memory.framework.off-heap.size", "64m");
        c.put("taskmanager.memory.network.min", "32m");
        c.put("taskmanager.memory.network.max", "64m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(config.slotsPerTaskManager()));
        c.put("parallelism.default", String.valueOf(Math.min(2, config.taskManagers() * config.slotsPerTaskManager())));
        // Spread a job's slots over the TaskManagers, so losing one TaskManager is a real partial failure.
        c.put("taskmanager.load-balance.mode", "SLOTS");
        // Notice a dead TaskManager in seconds, not the default 50 s; but not so fast that a busy machine's GC
        // pause or CPU starvation looks like a death.
        c.put("heartbeat.interval", "3000");
        c.put("heartbeat.timeout", "15000");
        // A shared, busy machine starts JVMs slowly: the RPC system's defaults (10 s) fail a healthy start.
        c.put("pekko.startup-timeout", "90 s");
        c.put("pekko.ask.timeout", "30 s");
        c.put("pekko.lookup.timeout", "30 s");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "1000");
        c.put("restart-strategy.fixed-delay.delay", "2 s");
        // One machine: a local directory is a filesystem every process shares.
        c.put("execution.checkpointing.dir", checkpointDir().toAbsolutePath().toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", savepointDir().toAbsolutePath().toUri().toString());
        c.put("web.upload.dir", flinkDir.resolve("web-upload").toAbsolutePath().toString());
        c.put("web.tmpdir", flinkDir.resolve("web-tmp").toAbsolutePath().toString());
        c.put("io.tmp.dirs", flinkDir.resolve("tmp").toAbsolutePath().toString());
        c.put("env.java.opts.all", String.join(" ", JAVA17_FLAGS));
        return c;
    }

    /** Writes {@code conf/config.yaml} (values as JSON strings, which YAML reads verbatim) and creates the dirs. */
    void writeConfiguration() {
        StringBuilder yaml = new StringBuilder("# Written by FraudWatch's local cluster; rewritten on every start.\n");
        configuration().forEach((k, v) -> yaml.append(k).append(": ").append(Json.toString(v)).append('\n'));
        try {
            for (Path d : List.of(confDir, checkpointDir(), savepointDir(), flinkDir.resolve("web-upload"),
                flinkDir.resolve("web-tmp"), flinkDir.resolve("tmp"), logDir)) {
                Files.createDirectories(d);
            }
            Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Flink configuration in " + confDir, e);
        }
    }

    ChildProcess jobManager(Path log4jConfig) {
        List<String> cmd = java(resourceParams("GET_JM_RESOURCE_PARAMS"), "jobmanager", log4jConfig,
            JOB_MANAGER_MAIN);
        return new ChildProcess("jobmanager", JOB_MANAGER_MAIN, cmd, flinkDir, logDir.resolve("jobmanager.out"));
    }

    /** TaskManager {@code index}; {@code tmParams} from {@link #taskManagerParams()} (the same for every one). */
    ChildProcess taskManager(int index, ResourceParams tmParams, Path log4jConfig) {
        String role = "taskmanager-" + index;
        List<String> cmd = java(tmParams, role, log4jConfig, TASK_MANAGER_MAIN);
        // A readable, stable id: the REST API and the logs then say which process runs what.
        cmd.addAll(List.of("-D", "taskmanager.resource-id=" + role));
        return new ChildProcess(role, TASK_MANAGER_MAIN, cmd, flinkDir, logDir.resolve(role + ".out"));
    }

    ResourceParams taskManagerParams() {
        return resourceParams("GET_TM_RESOURCE_PARAMS");
    }

    private List<String> java(ResourceParams params, String role, Path log4jConfig, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildProcess.javaBinary());
        cmd.add(ChildProcess.memberFlag(role));
        cmd.addAll(params.jvmArgs());
        cmd.addAll(ChildProcess.SMALL_JVM_FLAGS);
        cmd.addAll(JAVA17_FLAGS);
        cmd.add("-Dlog.file=" + logDir.resolve(role + ".log").toAbsolutePath());
        cmd.add("-Dlog4j.configurationFile=" + log4jConfig.toAbsolutePath().toUri());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toAbsolutePath().toString());
        cmd.addAll(params.dynamicArgs());
        return cmd;
    }

    /** JVM memory flags and the matching {@code -D key=value} arguments, as Flink derives them from its config. */
    record ResourceParams(List<String> jvmArgs, List<String> dynamicArgs) {
    }

    /** Runs Flink's BashJavaUtils exactly as its start scripts do; its last two result lines are what we need. */
    private ResourceParams resourceParams(String command) {
        List<String> cmd = List.of(ChildProcess.javaBinary(), "-Xmx64m", "-cp", classpath, BASH_JAVA_UTILS, command,
            "--configDir", confDir.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Flink's BashJavaUtils " + command + " failed: " + out);
            }
            List<String> results = out.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
            if (results.size() < 2) {
                throw new IllegalStateException("Flink's BashJavaUtils " + command + " printed no result: " + out);
            }
            return new ResourceParams(split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Flink's BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing Flink memory flags", e);
        }
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
