package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.UnknownSetting;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster entry point's settings: what {@code FraudDetectionJob.main} reads and warns about. */
class FraudDetectionJobTest {

    private static List<UnknownSetting> unknownKeys(Map<String, String> environment, String... args) {
        return FraudDetectionJob.unknownKeys(FraudDetectionJob.settings(args, environment));
    }

    @Test
    void misspeltProgramArgumentIsReportedWithTheNearestKey() {
        List<UnknownSetting> unknown = unknownKeys(Map.of(), "kafka.bootstrap.servers=broker:9092",
            "kafka.partitons=6", "--detector.checkpoint.intervall.ms=500");

        assertThat(unknown).containsExactly(
            new UnknownSetting("detector.checkpoint.intervall.ms", "program argument",
                Optional.of("detector.checkpoint.interval.ms")),
            new UnknownSetting("kafka.partitons", "program argument", Optional.of("kafka.partitions")));
        assertThat(unknown.get(1).message()).isEqualTo("Unknown setting 'kafka.partitons' (program argument) is "
            + "ignored: no FraudWatch component reads it; did you mean kafka.partitions?");
    }

    @Test
    void misspeltFwVariableIsReportedWithItsNearestName() {
        assertThat(unknownKeys(Map.of("FW_DETECTOR_IDLENES_MS", "5000", "FW_JAVA_OPTS", "-Xmx1g", "HOME", "/root")))
            .containsExactly(new UnknownSetting("FW_DETECTOR_IDLENES_MS", "environment variable",
                Optional.of("FW_DETECTOR_IDLENESS_MS (detector.idleness.ms)")));
    }

    @Test
    void theKeysAClusterSubmissionSendsAreAllKnown() {
        // what cluster's JobSubmission.programArgs passes: Kafka endpoints and topics, client pass-through,
        // detector.*, rules.*, flink.parallelism
        assertThat(unknownKeys(Map.of("FW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"),
            "kafka.bootstrap.servers=b:9092", "kafka.partitions=6", "kafka.replication.factor=3",
            "kafka.topic.suffix=_x", "kafka.client.sasl.mechanism=PLAIN", "detector.checkpoint.dir=/shared/chk",
            "detector.checkpoint.interval.ms=5000", "rules.history-ttl=P30D", "flink.parallelism=4",
            "flink.config.execution.checkpointing.unaligned.enabled=true")).isEmpty();
    }
}
