package dev.fraudwatch.indexer.es;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real processes stand in for the node: a shell with a child, like the node's launcher and server JVMs. */
class NodeProcessesTest {

    @TempDir
    Path nodeDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killAll() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void stopsTheNodeAndItsChildrenWhenTheJvmThatStartedThemIsGone() throws Exception {
        Process node = nodeLike();
        List<ProcessHandle> children = node.descendants().toList();
        assertThat(children).as("the node's child").isNotEmpty();
        NodeProcesses.record(nodeDir, NodeProcesses.Recorded.of(node.toHandle()), deadOwner());

        assertThat(NodeProcesses.stopLeftBehind(nodeDir, Duration.ofSeconds(10))).contains(node.pid());

        assertThat(node.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(nodeDir.resolve(NodeProcesses.FILE)).doesNotExist();
    }

    @Test
    void leavesANodeAloneWhileItsOwnerRuns() throws Exception {
        Process node = nodeLike();
        NodeProcesses.recordOwner(nodeDir, node.toHandle()); // owned by this JVM, which runs

        assertThat(NodeProcesses.stopLeftBehind(nodeDir, Duration.ofSeconds(10))).isEmpty();
        assertThat(node.isAlive()).isTrue();
    }

    @Test
    void leavesAloneAProcessThatGotTheRecordedPidLater() throws Exception {
        Process other = nodeLike();
        NodeProcesses.Recorded reused = NodeProcesses.Recorded.of(other.toHandle());
        NodeProcesses.record(nodeDir, new NodeProcesses.Recorded(reused.pid(), reused.startMillis() - 60_000),
            deadOwner());

        assertThat(NodeProcesses.stopLeftBehind(nodeDir, Duration.ofSeconds(10))).isEmpty();
        assertThat(other.isAlive()).isTrue();
        assertThat(nodeDir.resolve(NodeProcesses.FILE)).doesNotExist();
    }

    @Test
    void startsFreshWithoutARecordOrWithOneItCannotRead() throws Exception {
        assertThat(NodeProcesses.stopLeftBehind(nodeDir, Duration.ofSeconds(10))).isEmpty();
        java.nio.file.Files.writeString(nodeDir.resolve(NodeProcesses.FILE), "node.pid=x\n");
        assertThat(NodeProcesses.stopLeftBehind(nodeDir, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void killsWhatOutlivesTheStopTimeout() throws Exception {
        Process stubborn = start("sh", "-c", "trap '' TERM; while true; do sleep 1; done");
        await().atMost(Duration.ofSeconds(5)).until(() -> stubborn.descendants().findAny().isPresent());
        long t0 = System.nanoTime();
        NodeProcesses.terminate(stubborn.toHandle(), Duration.ofSeconds(1));
        assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo(1.0);
    }

    /** A shell that waits on a child of its own. */
    private Process nodeLike() throws Exception {
        Process p = start("sh", "-c", "sleep 300 & wait");
        await().atMost(Duration.ofSeconds(5)).until(() -> p.descendants().findAny().isPresent());
        return p;
    }

    /** A process that ran and ended: the owner killed with -9. */
    private NodeProcesses.Recorded deadOwner() throws Exception {
        Process owner = start("sleep", "300");
        NodeProcesses.Recorded recorded = NodeProcesses.Recorded.of(owner.toHandle());
        owner.destroyForcibly();
        assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return recorded;
    }

    private Process start(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return p;
    }
}
