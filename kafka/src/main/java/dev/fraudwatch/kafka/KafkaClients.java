package dev.fraudwatch.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Properties;

/**
 * The client properties every FraudWatch component uses on top of its connection settings: records as raw bytes
 * (each component decodes them itself, so a malformed record reaches its dead-letter handling instead of failing
 * inside the client), consumers that commit by hand and read only committed transactions (the detection job writes
 * transactionally), producers that neither lose nor duplicate on retry.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * A byte-array consumer on top of {@code connection} (copied, not changed): no auto-commit (the caller commits
     * once it has handled the records), {@code read_committed}.
     */
    public static Properties consumer(Properties connection) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /**
     * {@link #consumer} in consumer group {@code group}, starting at the beginning of the topic when the group
     * has no committed offset (a new component processes what was written before it started).
     */
    public static Properties groupConsumer(Properties connection, String group) {
        Properties p = consumer(connection);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** A byte-array producer on top of {@code connection} (copied): {@code acks=all}, idempotent. */
    public static Properties reliableProducer(Properties connection) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }
}
