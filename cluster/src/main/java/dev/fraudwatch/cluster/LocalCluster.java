package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.kafka.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A local multi-process cluster to try and test cluster mode on one machine: one Flink JobManager and
 * {@code taskManagers} TaskManager JVMs (a standalone session cluster), and a KRaft Kafka of one JVM per broker.
 * Built from Maven jars resolved when this module was built. Data, configuration and logs live in
 * {@link ClusterConfig#dir()}; pids in its {@code cluster.json}.
 *
 * <p>The processes stop with {@link #close()} or, at the latest, when this JVM exits (shutdown hook), unless
 * {@link #detach()} hands them over to {@link #stopRecorded} (the {@code fraudwatch cluster stop} command).
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final ClusterConfig config;
    private final List<ChildProcess> brokers;
    private final ChildProcess jobManager;
    private final List<ChildProcess> taskManagers;
    private final BrokerReadiness kafkaReady;
    private final Thread shutdownHook;
    private volatile boolean hookRegistered;

    private LocalCluster(ClusterConfig config, List<ChildProcess> brokers, ChildProcess jobManager,
                         List<ChildProcess> taskManagers) {
        this.config = config;
        this.brokers = brokers;
        this.jobManager = jobManager;
        this.taskManagers = taskManagers;
        this.kafkaReady = new BrokerReadiness(config);
        this.shutdownHook = new Thread(this::stopProcesses, "fraudwatch-local-cluster-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.hookRegistered = true;
    }

    /** Starts every process and returns when Kafka has all its brokers and Flink all its TaskManagers' slots. */
    public static LocalCluster start(ClusterConfig config) {
        ClusterFiles.refuseIfRunning(config.dir());
        ClusterFiles.requirePortsFree(config);
        long t0 = System.nanoTime();
        Path logs = config.dir().resolve("logs");
        Path log4j = ClusterFiles.writeLog4jConfig(config.dir().resolve("log4j2-cluster.properties"));
        KafkaProcesses kafka = new KafkaProcesses(config, ChildClasspath.kafka(), logs);
        kafka.prepare();
        FlinkProcesses flink = new FlinkProcesses(config, ChildClasspath.flink(), logs);
        flink.writeConfiguration();
        List<ChildProcess> brokers = new ArrayList<>();
        for (int i = 0; i < config.brokers(); i++) {
            brokers.add(kafka.broker(i, log4j));
        }
        ChildProcess jm = flink.jobManager(log4j);
        FlinkProcesses.ResourceParams tmParams = flink.taskManagerParams();
        List<ChildProcess> tms = new ArrayList<>();
        for (int i = 0; i < config.taskManagers(); i++) {
            tms.add(flink.taskManager(i, tmParams, log4j));
        }
        LocalCluster cluster = new LocalCluster(config, brokers, jm, tms);
        try {
            // In two stages, not all at once: on a busy 2-core machine six JVMs starting together starve each
            // other past Flink's fixed 10 s RPC start-up timeout. The TaskManagers come once the JobManager runs.
            brokers.forEach(ChildProcess::start);
            jm.start();
            cluster.writeState();
            cluster.awaitKafka();
            cluster.awaitJobManager();
            tms.forEach(ChildProcess::start);
            cluster.writeState();
            cluster.awaitFlink();
            LOG.info("Local cluster up in {} ms: Flink {} , Kafka {}", (System.nanoTime() - t0) / 1_000_000,
                config.flinkRestUrl(), config.bootstrapServers());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public ClusterConfig config() {
        return config;
    }

    public String flinkRestUrl() {
        return config.flinkRestUrl();
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public FlinkRestClient flink() {
        return new FlinkRestClient(flinkRestUrl());
    }

    /** How FraudWatch reaches this cluster's Kafka with {@code topics}: its partitions and replication factor. */
    public KafkaSettings kafkaSettings(Topics topics) {
        return new KafkaSettings(bootstrapServers(), Map.of(), topics, config.partitions(),
            config.replicationFactor());
    }

    /** Creates {@code topics} (idempotent) with the cluster's partitions and replication factor. */
    public TopicAdmin.Result createTopics(Topics topics) {
        return TopicAdmin.ensureTopics(kafkaSettings(topics));
    }

    /** Where jobs on this cluster keep checkpoints and, by default, savepoints. */
    public Path savepointDir() {
        return config.dir().resolve("flink").resolve("savepoints");
    }

    /** SIGKILLs TaskManager {@code index} (0-based), as a crash would. */
    public void killTaskManager(int index) {
        kill(taskManagers.get(index));
    }

    /** Starts TaskManager {@code index} again (killing it first if it still runs). */
    public void restartTaskManager(int index) {
        restart(taskManagers.get(index));
        awaitFlink();
    }

    /** SIGKILLs broker {@code index} (0-based, also its node id), as a crash would. */
    public void killBroker(int index) {
        kill(brokers.get(index));
    }

    /** Starts broker {@code index} again on its data (killing it first if it still runs); returns once it serves. */
    public void restartBroker(int index) {
        restart(brokers.get(index));
        await("Kafka broker " + index + " to serve again", () -> kafkaReady.serves(index), brokers);
    }

    public long taskManagerPid(int index) {
        return taskManagers.get(index).pid();
    }

    public long brokerPid(int index) {
        return brokers.get(index).pid();
    }

    /**
     * Leaves the processes running after this JVM exits (for {@code fraudwatch cluster start}); they are then
     * stopped by {@link #stopRecorded}.
     */
    public void detach() {
        removeHook();
    }

    /** Stops every process (orderly, then forcibly after a grace period) and removes the pid file. */
    @Override
    public void close() {
        removeHook();
        stopProcesses();
    }

    private synchronized void stopProcesses() {
        // TaskManagers before the JobManager before the brokers: the job stops before its Kafka goes away.
        List<List<ChildProcess>> waves = List.of(taskManagers, List.of(jobManager), brokers);
        for (List<ChildProcess> wave : waves) {
            wave.forEach(ChildProcess::terminate);
            wave.forEach(p -> p.awaitExitOrKill(STOP_GRACE));
        }
        ClusterState.delete(config.dir());
    }

    /**
     * Stops the processes recorded in {@code clusterDir} by a cluster started elsewhere (another shell, or a JVM
     * that was killed); returns the roles stopped.
     */
    public static List<String> stopRecorded(Path clusterDir) {
        return ClusterFiles.stopRecorded(clusterDir, STOP_GRACE);
    }

    /** The cluster recorded in {@code clusterDir}, if any. */
    public static java.util.Optional<ClusterState> recorded(Path clusterDir) {
        return ClusterState.read(clusterDir);
    }

    private void removeHook() {
        if (hookRegistered) {
            hookRegistered = false;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook runs (or ran) anyway.
            }
        }
    }

    private void kill(ChildProcess p) {
        p.kill();
        LOG.info("Killed {}", p.role());
        writeState();
    }

    private void restart(ChildProcess p) {
        if (p.isAlive()) {
            p.kill();
        }
        p.start();
        LOG.info("Restarted {}", p);
        writeState();
    }

    private List<ChildProcess> all() {
        List<ChildProcess> all = new ArrayList<>(brokers);
        all.add(jobManager);
        all.addAll(taskManagers);
        return all;
    }

    private void writeState() {
        List<ClusterState.Member> members = all().stream().filter(ChildProcess::isAlive)
            .map(p -> new ClusterState.Member(p.role(), p.pid(), p.mainClass())).toList();
        new ClusterState(flinkRestUrl(), bootstrapServers(), members).write(config.dir());
    }

    private void awaitKafka() {
        await("all " + config.brokers() + " Kafka brokers", kafkaReady::allRegistered, brokers);
    }

    private void awaitJobManager() {
        FlinkRestClient rest = new FlinkRestClient(flinkRestUrl(), Duration.ofSeconds(5));
        await("the Flink JobManager's REST API", () -> {
            try {
                return rest.overview().has("taskmanagers");
            } catch (IllegalStateException notYet) {
                return false;
            }
        }, List.of(jobManager));
    }

    private void awaitFlink() {
        int slots = config.taskManagers() * config.slotsPerTaskManager();
        FlinkRestClient rest = new FlinkRestClient(flinkRestUrl(), Duration.ofSeconds(5));
        List<ChildProcess> flinkProcesses = new ArrayList<>(taskManagers);
        flinkProcesses.add(jobManager);
        await("Flink's " + config.taskManagers() + " TaskManagers", () -> {
            try {
                var o = rest.overview();
                return o.path("taskmanagers").asInt() == config.taskManagers()
                    && o.path("slots-total").asInt() == slots;
            } catch (IllegalStateException notYet) {
                return false;
            }
        }, flinkProcesses);
    }

    /**
     * Polls {@code ready}. A watched process that dies is started again, up to {@link #START_ATTEMPTS} times in
     * all (a starved JVM can miss Flink's fixed RPC start-up timeout and exit); then this fails with its output.
     */
    private void await(String what, BooleanSupplier ready, List<ChildProcess> watched) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        Map<ChildProcess, Integer> attempts = new java.util.HashMap<>();
        while (System.nanoTime() < deadline) {
            for (ChildProcess p : watched) {
                if (!p.isAlive()) {
                    int attempt = attempts.merge(p, 1, Integer::sum);
                    if (attempt >= START_ATTEMPTS) {
                        throw new IllegalStateException(p.role() + " exited while waiting for " + what + "; its log "
                            + "is in " + p.outFile().getParent() + ". Last output:\n" + p.outputTail(15));
                    }
                    LOG.warn("{} exited while waiting for {}; starting it again (see {})", p.role(), what, p.outFile());
                    p.start();
                    writeState();
                }
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Timed out after " + config.startTimeout().toSeconds() + " s waiting for "
            + what + " (setting cluster.start-timeout-seconds); logs in " + config.dir().resolve("logs"));
    }
}
