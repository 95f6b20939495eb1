package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkSetupTest {

    private static Configuration configuration(Map<String, String> flags) {
        Settings settings = Settings.load(null, false, null, flags, Map.of());
        return FlinkSetup.configuration(DetectorConfig.from(settings), Optional.empty());
    }

    @Test
    void flinkConfigSettingsReachTheJobAndOverrideFraudWatchsOwnChoices() {
        Configuration conf = configuration(Map.of(
            "flink.config.execution.checkpointing.unaligned.enabled", "true",
            "flink.config.execution.checkpointing.interval", "7s"));

        assertThat(conf.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void withoutFlinkConfigSettingsTheDefaultsApply() {
        Configuration conf = configuration(Map.of());

        assertThat(conf.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    }

    /**
     * Chained operators hand records on without a defensive copy only with object reuse (see FlinkSetup); it must
     * reach the environment's ExecutionConfig both as the embedded run and as a cluster submission build it.
     */
    @Test
    void objectReuseReachesTheJobsExecutionConfigAndCanBeTurnedOff() {
        Configuration conf = configuration(Map.of());
        assertThat(StreamExecutionEnvironment.createLocalEnvironment(2, conf).getConfig().isObjectReuseEnabled())
            .isTrue();
        assertThat(StreamExecutionEnvironment.getExecutionEnvironment(conf).getConfig().isObjectReuseEnabled())
            .isTrue();
        Configuration off = configuration(Map.of("flink.config.pipeline.object-reuse", "false"));
        assertThat(StreamExecutionEnvironment.getExecutionEnvironment(off).getConfig().isObjectReuseEnabled())
            .isFalse();
    }

    @Test
    void theEmbeddedMiniClusterGetsNetworkMemoryByParallelismThatAUserCanRaise() {
        assertThat(configuration(Map.of()).get(TaskManagerOptions.NETWORK_MEMORY_MAX))
            .isEqualTo(MemorySize.parse("32mb"));
        assertThat(configuration(Map.of("flink.parallelism", "1")).get(TaskManagerOptions.NETWORK_MEMORY_MIN))
            .isEqualTo(MemorySize.parse("32mb"));
        assertThat(configuration(Map.of("flink.parallelism", "4")).get(TaskManagerOptions.NETWORK_MEMORY_MAX))
            .isEqualTo(MemorySize.parse("64mb"));
        assertThat(configuration(Map.of("flink.config.taskmanager.memory.network.max", "128mb"))
            .get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.parse("128mb"));
    }

    @Test
    void aJobForAClusterLeavesTaskManagerMemoryToTheCluster() {
        Configuration conf = configuration(Map.of("flink.rest.url", "http://flink-jm:8081"));

        assertThat(conf.contains(TaskManagerOptions.NETWORK_MEMORY_MAX)).isFalse();
    }

    @Test
    void aFlinkConfigSettingWithoutAnOptionNameIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> configuration(Map.of("flink.config.", "x")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("'flink.config.'");
    }
}
