package dev.fraudwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Everything committed to one topic so far, as JSON values: a {@code read_committed} consumer over all partitions
 * from the beginning, so aborted output of a failed job attempt never counts, and duplicates would.
 */
final class CommittedTopic implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<JsonNode> values = new ArrayList<>();

    CommittedTopic(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last call and returns every value read so far (tombstones left out). */
    synchronized List<JsonNode> poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.value() != null) {
                try {
                    values.add(Json.MAPPER.readTree(r.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON on " + r.topic() + ": " + new String(r.value()), e);
                }
            }
        }
        return List.copyOf(values);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
