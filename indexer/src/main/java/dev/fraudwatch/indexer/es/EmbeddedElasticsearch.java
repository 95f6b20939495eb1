package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch server run as a child process from the official distribution: the default
 * cluster of {@code fraudwatch up} when no {@code elasticsearch.url} is configured.
 *
 * <p>The distribution is unpacked once into {@link Config#installRoot()} and shared read-only; this node's config,
 * data ({@code path.data}, survives restarts) and logs live in {@link Config#nodeDir()}. {@link #start()} blocks
 * until the cluster is yellow or green (15-27 s on a small machine) and is thread-safe, so the launcher may run it
 * in a thread of its own while other services start. {@link #stop()} ends the process (SIGTERM, then kill after
 * {@link Config#stopTimeout()}) and keeps the data, so the node can be started again; a JVM shutdown hook makes
 * sure no orphaned server stays behind (after a SIGKILL, which runs no hook, the next start on the same node
 * directory stops the node left behind: {@link NodeProcesses}). An owner that stops the node in order at shutdown
 * itself (after the services that write to it) says so with {@link #stoppedByOwnerAtShutdown}, so that the hook does
 * not stop it first.
 *
 * <p>The node's processes ignore SIGINT ({@link NodeSignals}): a terminal's Ctrl-C sends SIGINT to its whole
 * foreground process group, which must reach this JVM (whose shutdown stops the node in order) but not the node.
 */
public final class EmbeddedElasticsearch implements Service {

    public static final String PORT = "elasticsearch.embedded.port";
    public static final String HEAP = "elasticsearch.embedded.heap";
    public static final String HOME = "elasticsearch.embedded.home";
    public static final String START_TIMEOUT = "elasticsearch.embedded.start-timeout-seconds";
    public static final String SETTING_PREFIX = "elasticsearch.embedded.setting.";
    static final String LAUNCHER_JVM_OPTIONS =
        "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -Xss512k";
    /** Used for the embedded node when the corresponding {@code elasticsearch.disk.watermark.*} is empty. */
    public static final Map<String, String> DEFAULT_WATERMARKS =
        Map.of("low", "90%", "high", "95%", "flood_stage", "97%");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final int PORT_ATTEMPTS = 3;
    /** How long a stop waits after SIGTERM before it kills the node's processes. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param distribution   the distribution zip (or an unpacked distribution directory)
     * @param installRoot    where the zip is unpacked once, shared by all nodes
     * @param nodeDir        this node's directory: {@code config}, {@code data}, {@code logs}, {@code tmp}
     * @param port           HTTP port on 127.0.0.1; 0 picks a free one
     * @param heap           JVM heap, e.g. {@code 512m}
     * @param startTimeout   how long {@link #start()} waits for health yellow
     * @param stopTimeout    how long {@link #stop()} waits after SIGTERM before killing
     * @param diskWatermarks {@code low}/{@code high}/{@code flood_stage} written to the node's settings
     * @param runAs          {@code user:group} to run as when FraudWatch runs as root
     * @param nodeSettings   further node settings passed as {@code -E key=value}, e.g. {@code node.processors}
     *                       (from {@code elasticsearch.embedded.setting.<key>})
     */
    public record Config(Path distribution, Path installRoot, Path nodeDir, int port, String heap,
                         Duration startTimeout, Duration stopTimeout, Map<String, String> diskWatermarks,
                         String runAs, Map<String, String> nodeSettings) {
        public Config {
            diskWatermarks = Map.copyOf(diskWatermarks);
            nodeSettings = Map.copyOf(nodeSettings);
        }

        public Config withHeap(String h) {
            return new Config(distribution, installRoot, nodeDir, port, h, startTimeout, stopTimeout, diskWatermarks,
                runAs, nodeSettings);
        }

        public Config withNodeSettings(Map<String, String> settings) {
            return new Config(distribution, installRoot, nodeDir, port, heap, startTimeout, stopTimeout,
                diskWatermarks, runAs, settings);
        }

        /** Reads {@code elasticsearch.embedded.*}, {@code elasticsearch.disk.watermark.*} and {@code data.dir}. */
        public static Config from(Settings s) {
            String heap = heap(s);
            Map<String, String> watermarks = new LinkedHashMap<>(DEFAULT_WATERMARKS);
            for (String w : ElasticsearchSettings.WATERMARKS) {
                s.find(ElasticsearchSettings.WATERMARK_PREFIX + w).ifPresent(v -> watermarks.put(w, v));
            }
            return new Config(ElasticsearchDistribution.locate(s.find(ElasticsearchDistribution.DISTRIBUTION)
                .orElse(null)), s.find(HOME).map(Path::of).orElseGet(Config::defaultInstallRoot),
                Path.of(s.get("data.dir")).resolve("elasticsearch"), s.getInt(PORT), heap,
                Duration.ofSeconds(s.getLong(START_TIMEOUT)), STOP_TIMEOUT, watermarks,
                s.get(RunAs.SETTING), s.withPrefix(SETTING_PREFIX));
        }

        /**
         * {@code elasticsearch.embedded.heap} as the JVM takes it in {@code -Xms}/{@code -Xmx}; anything else stops
         * start-up with the setting's name instead of the node's own start-up failure and stack trace.
         */
        static String heap(Settings s) {
            String heap = s.get(HEAP);
            if (!heap.matches("[1-9][0-9]*[kKmMgGtT]?")) {
                throw new ConfigException("Setting '" + HEAP + "' must be a heap size as Java takes it, such as 640m "
                    + "or 1g, got '" + heap + "'.");
            }
            return heap;
        }

        /**
         * Defaults for tests and tools: the build's distribution, a node in {@code nodeDir} on {@code port}; a
         * generous start timeout because a start takes minutes on a machine loaded by parallel builds.
         */
        public static Config local(Path nodeDir, int port) {
            return new Config(ElasticsearchDistribution.locate(null), defaultInstallRoot(), nodeDir, port, "512m",
                Duration.ofSeconds(300), STOP_TIMEOUT, DEFAULT_WATERMARKS, "nobody:nogroup", Map.of());
        }

        /** Under the system temp directory: world-traversable, so an unprivileged user can run it when we are root. */
        static Path defaultInstallRoot() {
            return Path.of(System.getProperty("java.io.tmpdir"), "fraudwatch-elasticsearch");
        }
    }

    private final Config config;
    private volatile Process process;
    private Thread shutdownHook;
    private volatile int boundPort;
    /** Set while {@link #startOnce()} waits for the node: nothing uses a node that is not up yet. */
    private volatile boolean starting;
    /** Null: the shutdown hook stops the node at once; else how long it leaves that to the owner. */
    private volatile Duration ownerStopGrace;

    public EmbeddedElasticsearch(Config config) {
        this.config = config;
    }

    public static EmbeddedElasticsearch fromSettings(Settings s) {
        return new EmbeddedElasticsearch(Config.from(s));
    }

    @Override
    public String name() {
        return "Elasticsearch (embedded)";
    }

    /**
     * Stops a node that a killed JVM left running on {@code nodeDir} (see {@link NodeProcesses}), for a caller about
     * to delete that directory; {@link #start()} does this itself. Returns the stopped launcher's pid, if any.
     */
    public static Optional<Long> stopNodeLeftBehind(Path nodeDir) throws IOException {
        return NodeProcesses.stopLeftBehind(nodeDir.toAbsolutePath(), STOP_TIMEOUT);
    }

    /**
     * Declares that the owner stops this node itself when the JVM shuts down, in order, after the services that
     * write to it (the shutdown hook of {@code fraudwatch up}). The JVM runs all shutdown hooks at once, so the
     * node's own hook would otherwise stop it at the very moment the owner's orderly stop begins, and the indexer
     * would flush into a node that is gone. With this, the node's hook leaves the stop to the owner for up to
     * {@code grace} and stops the node only if it still runs then, or at once if it is still starting (nothing
     * writes to it yet, and an owner stops only what is up). Without it (tests, benchmarks, {@code bench}) the hook
     * stops the node at once. Call before {@link #start()}.
     */
    public EmbeddedElasticsearch stoppedByOwnerAtShutdown(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.ownerStopGrace = grace;
        return this;
    }

    /**
     * Starts the node and returns once its health is yellow or green; a no-op when already running. With port 0
     * the free port picked can be taken by another process before the node binds it (tests and benchmarks on a
     * busy machine): the node then dies at start-up and is started again on a newly picked port, up to
     * {@value #PORT_ATTEMPTS} times. A node that has run keeps its port across stop and start.
     */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        boolean portPickedHere = boundPort == 0 && config.port() == 0;
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return;
            } catch (IllegalStateException e) {
                int tried = boundPort;
                boolean died = process != null && !process.isAlive();
                boolean retry = portPickedHere && died && attempt < PORT_ATTEMPTS && portTakenByOther(tried);
                if (portPickedHere) {
                    boundPort = 0; // a later start picks a new port rather than the one that failed
                }
                if (!retry) {
                    throw e;
                }
                LOG.warn("Elasticsearch could not bind port {} (taken meanwhile); trying another", tried);
            }
        }
    }

    /** After the node died: is its port now held by another process (the node's log may not say so in its tail)? */
    private static boolean portTakenByOther(int port) {
        try {
            Ports.requireFree("127.0.0.1", port, "Elasticsearch (embedded)", PORT);
            return false;
        } catch (Ports.PortInUseException taken) {
            return true;
        }
    }

    private void startOnce() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        NodeProcesses.stopLeftBehind(config.nodeDir().toAbsolutePath(), config.stopTimeout());
        int port = boundPort != 0 ? boundPort : Ports.orFree(config.port());
        Ports.requireFree("127.0.0.1", port, name(), PORT);
        RunAs runAs = RunAs.parse(config.runAs());
        Path home = ElasticsearchDistribution.install(config.distribution(), config.installRoot());
        Path node = config.nodeDir().toAbsolutePath();
        Path conf = node.resolve("config");
        Path logs = node.resolve("logs");
        prepareDirs(home, conf, node, logs);
        runAs.prepare(home, List.of(node));

        List<String> cmd = new ArrayList<>(NodeSignals.commandPrefix());
        cmd.addAll(runAs.commandPrefix());
        cmd.add(home.resolve("bin").resolve("elasticsearch").toString());
        nodeSettings(node, port).forEach((k, v) -> {
            cmd.add("-E");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("console.log").toFile()));
        pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ES_PATH_CONF", conf.toString());
        pb.environment().put("ES_TMPDIR", node.resolve("tmp").toString());
        pb.environment().put("ES_JAVA_OPTS", "-Xms" + config.heap() + " -Xmx" + config.heap());
        // The distribution's launcher JVM stays alive beside the node only to pass it its arguments and wait for it.
        // Its own flags (64 MB heap limit, both JIT compilers) leave it at about 100 MB resident; the client
        // compiler alone and small code and thread reservations are plenty for it. A CLI_JAVA_OPTS of the user's wins.
        pb.environment().putIfAbsent("CLI_JAVA_OPTS", LAUNCHER_JVM_OPTIONS);
        withoutInheritedJvmSettings(pb.environment());
        LOG.info("starting Elasticsearch on 127.0.0.1:{}, data in {}", port, node.resolve("data"));
        starting = true;
        try {
            process = pb.start();
            NodeProcesses.recordOwner(node, process.toHandle());
            boundPort = port;
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::stopAtJvmShutdown, "elasticsearch-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitHealthy(logs.resolve("console.log"));
        } finally {
            starting = false;
        }
        LOG.info("Elasticsearch ready at {}", url());
    }

    /**
     * The shutdown hook: stops the node at once, or, when {@link #stoppedByOwnerAtShutdown} was called and the node
     * is up, first waits up to the grace for the owner's stop. Not synchronized, like {@link #terminate}.
     */
    private void stopAtJvmShutdown() {
        Duration grace = ownerStopGrace;
        Process p = process;
        if (grace != null && p != null && !starting) {
            try {
                if (!p.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Elasticsearch: its owner did not stop it within {} s of the JVM's shutdown; stopping it",
                        grace.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        terminate(process);
    }

    /** The node's launcher process (the first of its processes), while it runs; for tests. */
    Optional<ProcessHandle> processHandle() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.toHandle());
    }

    /**
     * The node's JVM must not inherit this JVM's: {@code JAVA_TOOL_OPTIONS} would change its flags, and a
     * {@code CLASSPATH} (Maven Surefire/Failsafe forks without a manifest-only jar set one; so do some shells) becomes
     * the server's {@code java.class.path}, because the server runs on the module path without {@code -cp}: its
     * jar-hell check then fails on the entries, which the node's user often cannot even read.
     */
    static void withoutInheritedJvmSettings(Map<String, String> env) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("CLASSPATH");
    }

    /** Settings passed as {@code -E} flags, so the distribution's own config files stay untouched. */
    private Map<String, String> nodeSettings(Path node, int port) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("cluster.name", "fraudwatch");
        s.put("node.name", "fraudwatch-embedded");
        s.put("discovery.type", "single-node");
        s.put("xpack.security.enabled", "false");
        s.put("network.host", "127.0.0.1");
        s.put("http.port", Integer.toString(port));
        s.put("path.data", node.resolve("data").toString());
        s.put("path.logs", node.resolve("logs").toString());
        config.diskWatermarks().forEach((k, v) -> s.put("cluster.routing.allocation.disk.watermark." + k, v));
        s.putAll(config.nodeSettings());
        return s;
    }

    private static void prepareDirs(Path home, Path conf, Path node, Path logs) throws IOException {
        for (String d : List.of("data", "logs", "tmp")) {
            Files.createDirectories(node.resolve(d));
        }
        if (!Files.exists(conf.resolve("jvm.options"))) {
            Files.createDirectories(conf);
            try (Stream<Path> files = Files.walk(home.resolve("config"))) {
                for (Path f : files.toList()) {
                    Path target = conf.resolve(home.resolve("config").relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
        }
        Files.createDirectories(logs);
    }

    private void awaitHealthy(Path consoleLog) throws InterruptedException, IOException {
        if (!NodeHealth.await(process, url(), config.startTimeout(), consoleLog)) {
            stop();
            throw new IllegalStateException("Elasticsearch did not become healthy within " + config.startTimeout()
                .toSeconds() + " s (setting '" + START_TIMEOUT + "'); see " + consoleLog + ":\n"
                + NodeHealth.tail(consoleLog));
        }
    }

    /**
     * Stops the server process and waits for it (SIGTERM; kill after the stop timeout). Data stays; {@link #start()}
     * brings the same node back on the same port.
     */
    public synchronized void stop() {
        Process p = process;
        process = null;
        terminate(p);
    }

    /** Not synchronized: the shutdown hook must not wait for a {@link #start()} that holds the lock. */
    private void terminate(Process p) {
        if (p != null) {
            NodeProcesses.terminate(p.toHandle(), config.stopTimeout());
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The HTTP port; valid once {@link #start()} has been called. */
    public int port() {
        return boundPort;
    }

    /** {@code http://127.0.0.1:<port>}; valid once {@link #start()} has been called. */
    public String url() {
        return "http://127.0.0.1:" + boundPort;
    }

    public Config config() {
        return config;
    }

    @Override
    public List<String> endpoints() {
        return boundPort == 0 ? List.of() : List.of(url() + " (data " + config.nodeDir().resolve("data") + ")");
    }

    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to remove
            }
            shutdownHook = null;
        }
    }
}
