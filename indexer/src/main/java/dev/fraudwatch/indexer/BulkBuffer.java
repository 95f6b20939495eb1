package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents waiting for the next bulk request, and the Kafka offsets that may be committed once it is acknowledged.
 * Holds at most one operation per document id (the latest wins): an upsert stream's intermediate versions of a
 * customer need not be written, and a bulk never carries two writes of one id, so retrying part of it cannot
 * reorder them.
 */
final class BulkBuffer {
    private final Map<String, PendingDocument> byId = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> recordsPerPartition = new HashMap<>();
    private long bytes;
    private long records;
    private long firstAddedNanos;

    void add(PendingDocument d) {
        noteFirst();
        PendingDocument old = byId.put(d.id(), d);
        if (old != null) {
            bytes -= old.sizeBytes();
        }
        bytes += d.sizeBytes();
        consumed(d.partition(), d.record().offset());
    }

    /** A record that produced no document (it went to the dead-letter topic) still moves the offset on. */
    void consumed(TopicPartition tp, long offset) {
        noteFirst();
        records++;
        recordsPerPartition.merge(tp, 1L, Long::sum);
        nextOffsets.merge(tp, offset + 1, Math::max);
    }

    private void noteFirst() {
        if (records == 0) {
            firstAddedNanos = System.nanoTime();
        }
    }

    boolean isEmpty() {
        return records == 0;
    }

    boolean shouldFlush(int maxActions, long maxBytes, long intervalNanos) {
        return records > 0 && (byId.size() >= maxActions || bytes >= maxBytes
            || System.nanoTime() - firstAddedNanos >= intervalNanos);
    }

    List<PendingDocument> documents() {
        return new ArrayList<>(byId.values());
    }

    long records() {
        return records;
    }

    /** The ids of the buffered documents (a live view; the buffer is used by one thread). */
    java.util.Set<String> ids() {
        return byId.keySet();
    }

    /** Per partition, the offset after the last buffered record. */
    Map<TopicPartition, Long> nextOffsets() {
        return nextOffsets;
    }

    /** Per partition, how many records the buffer covers. */
    Map<TopicPartition, Long> recordsPerPartition() {
        return recordsPerPartition;
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        nextOffsets.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        return out;
    }

    /**
     * Forgets everything of partitions this consumer no longer owns: their offsets were not committed, so the new
     * owner reads those records again, and the ids make that harmless.
     */
    void dropPartitions(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        byId.values().removeIf(d -> revoked.contains(d.partition()));
        for (TopicPartition tp : revoked) {
            nextOffsets.remove(tp);
            records -= recordsPerPartition.getOrDefault(tp, 0L);
            recordsPerPartition.remove(tp);
        }
        bytes = byId.values().stream().mapToLong(PendingDocument::sizeBytes).sum();
        if (nextOffsets.isEmpty()) {
            clear();
        }
    }

    boolean owns(PendingDocument d) {
        return nextOffsets.containsKey(d.partition());
    }

    void clear() {
        byId.clear();
        nextOffsets.clear();
        recordsPerPartition.clear();
        bytes = 0;
        records = 0;
    }
}
