package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up refusals that happen before any process is launched. */
class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void refusesABusyRestPortNamingItsSetting() throws Exception {
        ClusterConfig free = ClusterConfig.withFreePorts(dir, 3);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(ClusterConfig.HOST))) {
            ClusterConfig c = new ClusterConfig(dir, busy.getLocalPort(), free.flinkRpcPort(), 2, 2, "768m", "768m",
                free.kafkaPorts(), free.kafkaControllerPorts(), "256m", 6, free.startTimeout());

            assertThatThrownBy(() -> LocalCluster.start(c)).isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("cluster.flink.rest-port");
        }
        assertThat(LocalCluster.recorded(dir)).isEmpty();
    }

    @Test
    void aStalePidFileIsReplaced() {
        new ClusterState("http://127.0.0.1:1", "127.0.0.1:2",
            List.of(new ClusterState.Member("kafka-0", ProcessHandle.current().pid(), KafkaProcesses.MAIN))).write(dir);

        ClusterFiles.refuseIfRunning(dir);

        assertThat(LocalCluster.recorded(dir)).isEmpty();
    }

    @Test
    void refusesToStartOverARunningMemberAndStopStopsItFromElsewhere() throws Exception {
        // A process carrying the member flag on its command line, as the cluster's JVMs do. A loop of short sleeps:
        // a single long sleep child would outlive the shell that is stopped.
        Process member = new ProcessBuilder("sh", "-c", "while sleep 1; do :; done", ChildProcess.memberFlag("kafka-0"), "x").start();
        try {
            new ClusterState("http://127.0.0.1:1", "127.0.0.1:2",
                List.of(new ClusterState.Member("kafka-0", member.pid(), KafkaProcesses.MAIN))).write(dir);

            assertThatThrownBy(() -> ClusterFiles.refuseIfRunning(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("already runs").hasMessageContaining("fraudwatch cluster stop");
            assertThat(LocalCluster.stopRecorded(dir)).containsExactly("kafka-0");
            assertThat(member.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(LocalCluster.recorded(dir)).isEmpty();
        } finally {
            member.destroyForcibly();
        }
    }
}
