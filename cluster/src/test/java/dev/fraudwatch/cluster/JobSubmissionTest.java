package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSubmissionTest {

    private static final KafkaSettings KAFKA = new KafkaSettings("b1:9092,b2:9092",
        Map.of("security.protocol", "SASL_SSL"), Topics.defaults().withSuffix("t1"), 6, (short) 3);

    @Test
    void carriesKafkaEndpointsTopicsParallelismAndCheckpointDirAsKeyValueArguments() {
        Settings s = Settings.of(Map.of("kafka.topic.suffix", "t1", "detector.checkpoint.interval.ms", "500"));

        List<String> args = JobSubmission.programArgs(s, KAFKA, 2, Optional.of(Path.of("/shared/chk")));

        assertThat(args).contains("kafka.bootstrap.servers=b1:9092,b2:9092", "kafka.partitions=6",
            "kafka.replication.factor=3", "kafka.topic.suffix=t1", "kafka.client.security.protocol=SASL_SSL",
            "detector.checkpoint.interval.ms=500", "detector.checkpoint.dir=/shared/chk", "flink.parallelism=2");
    }

    @Test
    void leavesOutShippedDefaultsAndTheClusterDefaultParallelism() {
        Settings s = Settings.of(Map.of("cluster.job.timeout-seconds", "5"));

        List<String> args = JobSubmission.programArgs(s, KAFKA, 0, Optional.empty());

        assertThat(args).noneMatch(a -> a.startsWith("flink.parallelism=") || a.startsWith("cluster.")
            || a.startsWith("detector.checkpoint.dir="));
    }

    @Test
    void anExplicitCheckpointDirWinsOverTheLocalClusters() {
        Settings s = Settings.of(Map.of("detector.checkpoint.dir", "/mine"));

        List<String> args = JobSubmission.programArgs(s, KAFKA, 2, Optional.of(Path.of("/cluster")));

        assertThat(args).contains("detector.checkpoint.dir=/mine").doesNotContain("detector.checkpoint.dir=/cluster");
    }

    @Test
    void missingJobJarNamesTheSettingAndTheBuildCommand() {
        Settings s = Settings.of(Map.of("cluster.job.jar", "/no/such/job.jar"));

        assertThatThrownBy(() -> JobSubmission.jobJar(s)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("cluster.job.jar");
    }
}
