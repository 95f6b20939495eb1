package dev.fraudwatch.cluster;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fraudwatch job}: the detection job on a Flink session cluster, through Flink's REST API. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Submit, list and stop the detection job on a Flink session cluster.",
    subcommands = {JobCommand.Submit.class, JobCommand.ListJobs.class, JobCommand.Cancel.class})
public final class JobCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every {@code job} subcommand shares. */
    static class Target {
        @Mixin
        CommonOptions common;

        @Option(names = "--flink-rest", paramLabel = "URL",
            description = "REST URL of the Flink JobManager, e.g. http://127.0.0.1:8081 (setting flink.rest.url).")
        String flinkRest;

        Settings settings() {
            common.put("flink.rest.url", flinkRest);
            return common.settings();
        }

        static String restUrl(Settings s) {
            return JobSubmission.stripSlash(s.find("flink.rest.url").orElseThrow(() -> new ConfigException(
                "Missing setting 'flink.rest.url': give the Flink REST URL with --flink-rest URL (or environment "
                    + "variable FW_FLINK_REST_URL).")));
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Upload the detection job jar and run it; waits until all its tasks run and prints the job id.")
    static final class Submit extends Target implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--parallelism", paramLabel = "N",
            description = "Job parallelism (default: setting flink.parallelism).")
        Integer parallelism;

        @Option(names = "--from-savepoint", paramLabel = "DIR",
            description = "Restore the job's state from this savepoint (printed by 'job cancel --savepoint').")
        String savepoint;

        @Option(names = "--jar", paramLabel = "PATH",
            description = "Job jar (setting cluster.job.jar; default detector/target/fraudwatch-detector-*-job.jar).")
        Path jar;

        @Override
        public Integer call() {
            common.put("cluster.job.jar", jar);
            Settings s = settings();
            String url = restUrl(s);
            Optional<ClusterState> local = localCluster(s, url);
            KafkaSettings kafka = kafkaSettings(s, local);
            int p = parallelism != null ? parallelism : s.find("flink.parallelism").map(Integer::parseInt).orElse(0);
            Path jobJar = JobSubmission.jobJar(s);
            PrintWriter out = spec.commandLine().getOut();
            TopicAdmin.ensureTopics(kafka);
            List<String> args = JobSubmission.programArgs(s, kafka, p,
                JobSubmission.localClusterCheckpoints(s, url));
            FlinkRestClient flink = new FlinkRestClient(url);
            out.println("Uploading " + jobJar + " to " + url + " ...");
            String jobId = flink.submit(jobJar, s.get("cluster.job.entry-class"), args, p, savepoint);
            out.println("Submitted job " + jobId + (savepoint == null ? "" : " from savepoint " + savepoint)
                + "; waiting for its tasks to run ...");
            flink.waitUntilRunning(jobId, Duration.ofSeconds(s.getInt("cluster.job.timeout-seconds")));
            out.println("Job " + jobId + " is running (parallelism " + (p > 0 ? p : "cluster default")
                + ", Kafka " + kafka.bootstrapServers() + "). Web UI: " + url + "/#/job/running/" + jobId);
            return 0;
        }

        /**
         * Kafka from the settings; when they name none and the target is the local cluster, that cluster's Kafka
         * (and its partitions and replication factor), so the documented two commands are enough.
         */
        private static KafkaSettings kafkaSettings(Settings s, Optional<ClusterState> local) {
            if (local.isPresent() && s.find("kafka.bootstrap.servers").isEmpty()) {
                ClusterConfig c = ClusterConfig.from(s);
                s = s.with(Map.of("kafka.partitions", String.valueOf(c.partitions()),
                    "kafka.replication.factor", String.valueOf(c.replicationFactor())));
            }
            return KafkaSettings.from(s, local.map(ClusterState::bootstrapServers));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the cluster's jobs.")
    static final class ListJobs extends Target implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<FlinkRestClient.JobSummary> jobs = new FlinkRestClient(restUrl(settings())).jobs();
            if (jobs.isEmpty()) {
                out.println("No jobs.");
            }
            for (FlinkRestClient.JobSummary j : jobs) {
                out.printf("%s  %-10s  %s  started %s%n", j.id(), j.state(), j.name(),
                    Instant.ofEpochMilli(j.startTime()));
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Stop a job with a savepoint (its state, for 'job submit --from-savepoint'); prints its path.")
    static final class Cancel extends Target implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB_ID", description = "Id of the job (see 'job list').")
        String jobId;

        @Option(names = "--savepoint", paramLabel = "DIR",
            description = "Directory for the savepoint, reachable by every Flink process (default: the cluster's "
                + "execution.checkpointing.savepoint-dir).")
        Path savepointDir;

        @Override
        public Integer call() {
            Settings s = settings();
            String target = savepointDir == null ? null : savepointDir.toAbsolutePath().toUri().toString();
            String location = new FlinkRestClient(restUrl(s)).stopWithSavepoint(jobId, target,
                Duration.ofSeconds(s.getInt("cluster.job.timeout-seconds")));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Job " + jobId + " stopped with savepoint " + location);
            out.println("Resume it with: fraudwatch job submit --flink-rest " + restUrl(s) + " --from-savepoint "
                + location);
            return 0;
        }
    }

    static Optional<ClusterState> localCluster(Settings s, String url) {
        return ClusterState.read(Path.of(s.get("data.dir")).resolve("cluster"))
            .filter(st -> st.flinkRestUrl().equals(url));
    }
}
