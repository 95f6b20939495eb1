package dev.fraudwatch.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStateTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughThePidFile() {
        ClusterState s = new ClusterState("http://127.0.0.1:8081", "127.0.0.1:19092",
            List.of(new ClusterState.Member("kafka-0", 42, KafkaProcesses.MAIN)));

        s.write(dir);

        assertThat(ClusterState.read(dir)).contains(s);
        ClusterState.delete(dir);
        assertThat(ClusterState.read(dir)).isEmpty();
    }

    @Test
    void aRecordedPidIsNotOursWhenItsCommandLineLacksTheMemberFlag() {
        // This test JVM is alive but was not started by a local cluster: a recycled pid must not be stopped.
        ClusterState.Member recycled = new ClusterState.Member("kafka-0", ProcessHandle.current().pid(),
            KafkaProcesses.MAIN);

        assertThat(recycled.handle()).isEmpty();
    }

    @Test
    void stopRecordedWithNothingRecordedStopsNothing() {
        assertThat(LocalCluster.stopRecorded(dir)).isEmpty();
    }
}
