package dev.fraudwatch.indexer.es;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded node's processes: how they are stopped, and which JVM started them. SIGKILL of FraudWatch runs no
 * shutdown hook, and nothing signals the node then (its processes ignore SIGINT, see {@link NodeSignals}, and a
 * SIGKILL of the JVM reaches the JVM alone), so the node keeps running, holding the data
 * directory's lock and the HTTP port; the next {@code up} on the same data directory then could not start its own.
 * So each start records in the node directory ({@value #FILE}) the node's launcher process and the JVM that owns it,
 * each by pid and start time (a pid alone may since belong to another process), and the next start stops a node
 * whose recorded owner is gone.
 */
final class NodeProcesses {

    static final String FILE = "fraudwatch-node.properties";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    private NodeProcesses() {
    }

    /** A process as recorded: pid and start time in epoch milliseconds. */
    record Recorded(long pid, long startMillis) {
        static Recorded of(ProcessHandle h) {
            return new Recorded(h.pid(), h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L));
        }

        /** The process, if it still runs and is the one recorded (not a later process given the same pid). */
        Optional<ProcessHandle> alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> startMillis >= 0 && Recorded.of(h).startMillis() == startMillis);
        }
    }

    /** Records that this JVM started {@code launcher} as the node of {@code nodeDir}. */
    static void recordOwner(Path nodeDir, ProcessHandle launcher) throws IOException {
        record(nodeDir, Recorded.of(launcher), Recorded.of(ProcessHandle.current()));
    }

    static void record(Path nodeDir, Recorded node, Recorded owner) throws IOException {
        Properties p = new Properties();
        p.setProperty("node.pid", Long.toString(node.pid()));
        p.setProperty("node.start", Long.toString(node.startMillis()));
        p.setProperty("owner.pid", Long.toString(owner.pid()));
        p.setProperty("owner.start", Long.toString(owner.startMillis()));
        try (OutputStream out = Files.newOutputStream(nodeDir.resolve(FILE))) {
            p.store(out, "the Elasticsearch node FraudWatch started here, and the FraudWatch JVM that owns it");
        }
    }

    /**
     * Stops the node recorded in {@code nodeDir} if it still runs while the JVM that started it does not (that JVM
     * was killed): returns its launcher's pid, or empty when there was none. A node whose owner still runs is left
     * alone (it is that owner's to stop; starting a second node on its data then fails as it always did).
     */
    static Optional<Long> stopLeftBehind(Path nodeDir, Duration stopTimeout) throws IOException {
        Path file = nodeDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Recorded owner;
        Recorded node;
        try {
            owner = new Recorded(Long.parseLong(p.getProperty("owner.pid")),
                Long.parseLong(p.getProperty("owner.start")));
            node = new Recorded(Long.parseLong(p.getProperty("node.pid")),
                Long.parseLong(p.getProperty("node.start")));
        } catch (NumberFormatException | NullPointerException unreadable) {
            LOG.warn("ignoring {}: not a record this version wrote ({})", file, unreadable.toString());
            return Optional.empty();
        }
        if (owner.alive().isPresent()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> left = node.alive();
        if (left.isPresent()) {
            LOG.warn("An Elasticsearch node left behind by FraudWatch process {}, which ended without stopping it "
                + "(killed?), still runs on {}; stopping it (process {}) before starting this one", owner.pid(),
                nodeDir.resolve("data"), node.pid());
            terminate(left.get(), stopTimeout);
        }
        Files.deleteIfExists(file);
        return left.map(ProcessHandle::pid);
    }

    /**
     * SIGTERM to the launcher and all its descendants (the distribution's script execs a CLI JVM that runs the server
     * JVM as its child), then waits until all are gone, so the data directory is free for a restart; whatever
     * outlives {@code timeout} is killed. Not synchronized on anything: a shutdown hook calls it too.
     */
    static void terminate(ProcessHandle launcher, Duration timeout) {
        if (!launcher.isAlive()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        all.add(launcher);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Elasticsearch process {} did not stop within {} s; killing it", h.pid(),
                    timeout.toSeconds());
                killAndWait(h);
            } catch (ExecutionException e) {
                killAndWait(h);
            } catch (InterruptedException e) {
                all.forEach(ProcessHandle::destroyForcibly);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGKILL, and a short wait for the kernel to reap it, so that its port and files are free on return. */
    private static void killAndWait(ProcessHandle h) {
        h.destroyForcibly();
        try {
            h.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Elasticsearch process {} still present {} s after SIGKILL", h.pid(), KILL_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
