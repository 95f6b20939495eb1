package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One Kafka record turned into a bulk operation: index {@code source} under {@code id}, or delete {@code id} when
 * {@code source} is null (a tombstone). Keeps the record so a rejected document can go to the dead-letter topic.
 */
record PendingDocument(ConsumerRecord<byte[], byte[]> record, String id, byte[] source) {

    boolean isDelete() {
        return source == null;
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long sizeBytes() {
        return (source == null ? 0 : source.length) + id.length() + 64;
    }
}
