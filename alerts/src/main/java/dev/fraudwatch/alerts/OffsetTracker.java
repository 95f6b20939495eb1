package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which offsets may be committed: everything consumed, except that a partition's commit stops at its earliest
 * record whose alert the mail server has not accepted yet.
 */
final class OffsetTracker {

    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Map<TopicPartition, TreeSet<Long>> held = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void consumed(TopicPartition tp, long offset) {
        consumed.merge(tp, offset + 1, Math::max);
    }

    void hold(TopicPartition tp, long offset) {
        held.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    }

    void release(TopicPartition tp, long offset) {
        TreeSet<Long> s = held.get(tp);
        if (s != null) {
            s.remove(offset);
        }
    }

    long committable(TopicPartition tp) {
        TreeSet<Long> s = held.get(tp);
        return s == null || s.isEmpty() ? consumed.get(tp) : s.first();
    }

    /** Offsets that moved since the last {@link #markCommitted}. */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : consumed.keySet()) {
            long c = committable(tp);
            if (!Long.valueOf(c).equals(committed.get(tp))) {
                out.put(tp, new OffsetAndMetadata(c));
            }
        }
        return out;
    }

    void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    Collection<TopicPartition> partitions() {
        return consumed.keySet();
    }

    void clear() {
        consumed.clear();
        held.clear();
        committed.clear();
    }
}
