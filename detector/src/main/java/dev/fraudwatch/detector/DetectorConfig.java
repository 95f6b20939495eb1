package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detection job's settings ({@code detector.*}, {@code flink.*}; documented in this module's
 * {@code fraudwatch-defaults.properties}), parsed once at the edge.
 *
 * @param restUrl            a Flink cluster's REST address; null runs the job on an embedded MiniCluster
 * @param webPort            embedded MiniCluster's web UI port (when flink-runtime-web is on the classpath); -1: none
 * @param bufferTimeout      longest time a network buffer waits to fill before it is sent (decision latency)
 * @param flinkOptions       further Flink options ({@code flink.config.<key>}), applied after FraudWatch's own
 */
public record DetectorConfig(
    String jobName,
    int parallelism,
    String restUrl,
    int webPort,
    Duration checkpointInterval,
    Path checkpointDir,
    boolean restoreLatest,
    Duration watermarkDelay,
    Duration idleness,
    String consumerGroup,
    String transactionalIdPrefix,
    Duration transactionTimeout,
    Duration bufferTimeout,
    Map<String, String> flinkOptions) implements Serializable {

    /** Settings {@code flink.config.<key>=<value>}: any further Flink option, passed to the job's configuration. */
    public static final String FLINK_OPTION_PREFIX = "flink.config.";

    public DetectorConfig {
        flinkOptions = Map.copyOf(flinkOptions);
        if (parallelism < 1) {
            throw new ConfigException("Setting 'flink.parallelism' must be at least 1, got " + parallelism + ".");
        }
        if (bufferTimeout.isNegative()) {
            throw new ConfigException("Setting 'detector.buffer-timeout.ms' must not be negative, got "
                + bufferTimeout.toMillis() + ".");
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new ConfigException("Setting 'detector.checkpoint.interval.ms' must be at least 100, got "
                + checkpointInterval.toMillis() + ".");
        }
    }

    public static DetectorConfig from(Settings s) {
        Path checkpoints = s.find("detector.checkpoint.dir").map(Path::of)
            .orElse(Path.of(s.get("data.dir")).resolve("flink").resolve("checkpoints"));
        return new DetectorConfig(
            s.get("detector.job.name"),
            s.getInt("flink.parallelism"),
            s.find("flink.rest.url").orElse(null),
            s.getInt("flink.web.port"),
            Duration.ofMillis(s.getLong("detector.checkpoint.interval.ms")),
            checkpoints.toAbsolutePath(),
            s.getBoolean("detector.checkpoint.restore"),
            Duration.ofMillis(s.getLong("detector.watermark.delay.ms")),
            Duration.ofMillis(s.getLong("detector.idleness.ms")),
            s.get("detector.consumer.group"),
            s.get("detector.transactional.id.prefix"),
            Duration.ofMillis(s.getLong("detector.transaction.timeout.ms")),
            Duration.ofMillis(s.getLong("detector.buffer-timeout.ms")),
            flinkOptions(s));
    }

    private static Map<String, String> flinkOptions(Settings s) {
        Map<String, String> out = new TreeMap<>();
        s.withPrefix(FLINK_OPTION_PREFIX).forEach((key, v) -> {
            if (key.isEmpty()) {
                throw new ConfigException("Setting '" + FLINK_OPTION_PREFIX + "' names no Flink option: write "
                    + FLINK_OPTION_PREFIX + "<flink option>=<value>, e.g. " + FLINK_OPTION_PREFIX
                    + "execution.checkpointing.unaligned.enabled=true.");
            }
            out.put(key, v);
        });
        return out;
    }

    public boolean embedded() {
        return restUrl == null;
    }

    public DetectorConfig withParallelism(int p) {
        return new DetectorConfig(jobName, p, restUrl, webPort, checkpointInterval, checkpointDir, restoreLatest,
            watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout,
            flinkOptions);
    }

    public DetectorConfig withCheckpoints(Path dir, Duration interval) {
        return new DetectorConfig(jobName, parallelism, restUrl, webPort, interval, dir, restoreLatest,
            watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout,
            flinkOptions);
    }

    /** Per-pipeline names, so two jobs (tests, a benchmark) on one broker never share a group or transactions. */
    public DetectorConfig withNames(String jobName, String consumerGroup, String transactionalIdPrefix) {
        return new DetectorConfig(jobName, parallelism, restUrl, webPort, checkpointInterval, checkpointDir,
            restoreLatest, watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout,
            flinkOptions);
    }

    public DetectorConfig withWebPort(int port) {
        return new DetectorConfig(jobName, parallelism, restUrl, port, checkpointInterval, checkpointDir,
            restoreLatest, watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout,
            flinkOptions);
    }
}
