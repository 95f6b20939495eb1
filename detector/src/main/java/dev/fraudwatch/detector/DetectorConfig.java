package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The detection job's settings ({@code detector.*}, {@code flink.*}; documented in this module's
 * {@code fraudwatch-defaults.properties}), parsed once at the edge.
 *
 * @param restUrl            a Flink cluster's REST address; null runs the job on an embedded MiniCluster
 * @param webPort            embedded MiniCluster's web UI port (when flink-runtime-web is on the classpath); -1: none
 * @param bufferTimeout      longest time a network buffer waits to fill before it is sent (decision latency)
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
    Duration bufferTimeout) implements Serializable {

    public DetectorConfig {
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
            Duration.ofMillis(s.getLong("detector.buffer-timeout.ms")));
    }

    public boolean embedded() {
        return restUrl == null;
    }

    public DetectorConfig withParallelism(int p) {
        return new DetectorConfig(jobName, p, restUrl, webPort, checkpointInterval, checkpointDir, restoreLatest,
            watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout);
    }

    public DetectorConfig withCheckpoints(Path dir, Duration interval) {
        return new DetectorConfig(jobName, parallelism, restUrl, webPort, interval, dir, restoreLatest,
            watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout);
    }

    /** Per-pipeline names, so two jobs (tests, a benchmark) on one broker never share a group or transactions. */
    public DetectorConfig withNames(String jobName, String consumerGroup, String transactionalIdPrefix) {
        return new DetectorConfig(jobName, parallelism, restUrl, webPort, checkpointInterval, checkpointDir,
            restoreLatest, watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout);
    }

    public DetectorConfig withWebPort(int port) {
        return new DetectorConfig(jobName, parallelism, restUrl, port, checkpointInterval, checkpointDir,
            restoreLatest, watermarkDelay, idleness, consumerGroup, transactionalIdPrefix, transactionTimeout, bufferTimeout);
    }
}
