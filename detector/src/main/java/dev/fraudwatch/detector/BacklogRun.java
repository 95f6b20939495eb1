package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.rules.RulesSettings;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs the detection job once over what a topic already holds (bounded Kafka sources: the job ends at the end
 * offsets present at start) on a local MiniCluster, and reads topics back. Used by {@code fraudwatch evaluate}
 * and {@link DetectorBenchmark}; the graph is the production one.
 */
public final class BacklogRun {

    private BacklogRun() {
    }

    /**
     * Runs the job ({@code FULL}) or the original system's SQL job ({@code ORIGINAL}, see {@link OriginalSqlJob}) to
     * the end of the backlog; returns Flink's result (net runtime).
     */
    public static JobExecutionResult run(KafkaSettings kafka, DetectorConfig config, RulesSettings rules,
                                         FraudDetectionJob.Mode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(),
            FlinkSetup.configuration(config, Optional.empty()));
        if (mode == FraudDetectionJob.Mode.ORIGINAL) {
            return OriginalSqlJob.runBounded(env, kafka, config.consumerGroup());
        }
        KafkaEndpoints endpoints = KafkaEndpoints.of(kafka, config).bounded();
        new FraudDetectionJob(endpoints, endpoints, kafka.topics(), config, rules).build(env);
        return env.execute(config.jobName());
    }

    /** Every committed record of {@code topic}, from the start to the end offsets at the time of the call. */
    public static void readAll(KafkaSettings kafka, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Properties p = kafka.clientProps();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(sink);
            }
        }
    }
}
