package dev.fraudwatch.detector;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The Flink configuration of the detection job: checkpointing, state backend, restarts, recovery. */
public final class FlinkSetup {

    private FlinkSetup() {
    }

    /**
     * Exactly-once checkpoints every {@code checkpointInterval} into {@code checkpointDir} (hashmap state
     * backend, filesystem storage), retained when the job is cancelled or dies, and restarts with exponential
     * backoff that never gives up. {@code restoreFrom}: a checkpoint to resume from.
     */
    public static Configuration configuration(DetectorConfig c, Optional<Path> restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, c.jobName());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, c.parallelism());
        // Every operator of the job treats its input as read-only and emits new objects, so chained operators may
        // hand records on without a defensive copy (without it the job took about 9 % more CPU per transaction;
        // detector/README.md, fourth round, lists what each operator does with its records).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // A decision waits at most this long in a half-full network buffer; Flink's 100 ms default would be most
        // of the decision-latency budget at moderate rates, while at high rates buffers fill before it anyway.
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, c.bufferTimeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, c.checkpointInterval().dividedBy(4));
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(2));
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
            ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpointDir().toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        restoreFrom.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
        // A checkpoint of an earlier FraudWatch version may hold state of an operator this version no longer has
        // (version 0.1's single sink, uid fraudwatch-kafka-sink): skip it rather than refuse to start. Operators
        // that still exist are matched by their stable uids and keep their state.
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        if (c.embedded()) {
            // The MiniCluster's network buffers are direct memory allocated up front (64 MB for local execution),
            // and resident memory of the whole embedded system is a goal. At parallelism 2 the job requests 60 % of
            // 32 MB (the pool's RequestedMemoryUsage metric; 135 of its 1,024 buffers were in use at 5,000 tx/s).
            // All-to-all exchanges need buffers per channel, so the pool grows with the parallelism: 64 MB at 4,
            // as before.
            MemorySize network = embeddedNetworkMemory(c.parallelism());
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        }
        // Last, so that a user's flink.config.<key> overrides any of the above.
        conf.addAll(Configuration.fromMap(c.flinkOptions()));
        return conf;
    }

    /** Network buffer memory of the embedded MiniCluster: 16 MB per unit of parallelism, at least 32 MB. */
    static MemorySize embeddedNetworkMemory(int parallelism) {
        return MemorySize.ofMebiBytes(16L * Math.max(2, parallelism));
    }
}
