package dev.fraudwatch.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings.unknownKeys() against core's own defaults (the only ones on this module's classpath). */
class UnknownSettingTest {

    @TempDir
    Path dir;

    @Test
    void knownKeysFromEveryLayerAreNotReported() throws IOException {
        Path file = Files.writeString(dir.resolve("fraudwatch.properties"), "kafka.partitions=6\ndata.dir=x\n");
        Path env = Files.writeString(dir.resolve(".env"), "FW_KAFKA_TOPIC_SUFFIX=a\nSMTP_SERVER=mail\n");
        Settings s = Settings.load(file, true, env, Map.of("kafka.replication.factor", "2", "smtp.server", "m"),
            Map.of("FW_KAFKA_BOOTSTRAP_SERVERS", "k:9092", "FW_JAVA_OPTS", "-Xmx1g", "EMAIL_TO", "a@b", "PATH", "/bin"));
        assertThat(s.unknownKeys()).isEmpty();
    }

    @Test
    void unknownSetFlagIsReportedWithTheNearestKey() {
        Settings s = Settings.load(null, false, null, Map.of("kafka.partitons", "6"), Map.of());
        assertThat(s.unknownKeys()).containsExactly(
            new UnknownSetting("kafka.partitons", "--set", Optional.of("kafka.partitions")));
        assertThat(s.unknownKeys().get(0).message()).contains("'kafka.partitons'", "--set",
            "did you mean kafka.partitions?");
    }

    @Test
    void flagsCanBeNamedByTheirSource() {
        Settings s = Settings.load(null, false, null, Map.of("kafka.partitons", "6"), Map.of());
        assertThat(s.unknownKeys("program argument")).containsExactly(
            new UnknownSetting("kafka.partitons", "program argument", Optional.of("kafka.partitions")));
    }

    @Test
    void unknownFileKeyNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("fraudwatch.properties"), "kafka.replication.factr=2\n");
        Settings s = Settings.load(file, true, null, Map.of(), Map.of());
        assertThat(s.unknownKeys()).containsExactly(
            new UnknownSetting("kafka.replication.factr", file.toString(), Optional.of("kafka.replication.factor")));
    }

    @Test
    void onlyFwVariablesOfTheEnvironmentAndDotEnvAreConsidered() throws IOException {
        Path env = Files.writeString(dir.resolve(".env"), "FW_KAFKA_PARTITONS=6\nOTHER_TOOL_SETTING=1\n");
        Settings s = Settings.load(null, false, env, Map.of(),
            Map.of("FW_DATA_DIRECTORY", "x", "HOME", "/root", "FW_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN"));
        assertThat(s.unknownKeys()).containsExactly(
            new UnknownSetting("FW_DATA_DIRECTORY", "environment variable", Optional.empty()),
            new UnknownSetting("FW_KAFKA_PARTITONS", env.toString(),
                Optional.of("FW_KAFKA_PARTITIONS (kafka.partitions)")));
    }

    @Test
    void passThroughKeysAreNotReportedFromAnyLayer() throws IOException {
        Path file = Files.writeString(dir.resolve("fraudwatch.properties"),
            "flink.config.execution.checkpointing.unaligned.enabled=true\n");
        Settings s = Settings.load(file, true, null, Map.of("elasticsearch.embedded.setting.node.processors", "2"),
            Map.of("FW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL", "FW_FLINK_CONFIG_PARALLELISM_DEFAULT", "2"));
        assertThat(s.unknownKeys()).isEmpty();
    }
}
