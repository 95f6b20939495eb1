package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The bulk requests in flight and which Kafka offsets may be committed. Bulks are handed out in consumption order;
 * they may be acknowledged in any order, but offsets are released only for the longest prefix of acknowledged bulks,
 * so an offset is never committed while an earlier record is still unacknowledged.
 *
 * <p>Two bulks in flight never share a document id: a later write of an id waits until the earlier bulk holding it
 * has been acknowledged, so concurrent bulks cannot reorder two versions of one document.
 *
 * <p>Thread-safe: the consumer thread begins bulks and takes committable offsets, sender threads complete bulks.
 */
final class CommitTracker {

    /**
     * One bulk request: its documents, the offsets its records move each partition to, and the dead-letter sends
     * that must be stored before those offsets may be committed.
     */
    static final class Bulk {
        private final long seq;
        private final List<PendingDocument> documents;
        private final Set<String> ids;
        private final Set<TopicPartition> partitions;
        private final Map<TopicPartition, Long> nextOffsets;
        private final Map<TopicPartition, Long> records;
        private final List<Future<RecordMetadata>> deadLetters;
        private boolean acknowledged;
        private boolean writing;

        private Bulk(long seq, List<PendingDocument> documents, Map<TopicPartition, Long> nextOffsets,
                     Map<TopicPartition, Long> records, List<Future<RecordMetadata>> deadLetters) {
            this.seq = seq;
            this.documents = List.copyOf(documents);
            this.ids = new HashSet<>(documents.size() * 2);
            this.partitions = new HashSet<>(nextOffsets.keySet());
            for (PendingDocument d : documents) {
                ids.add(d.id());
                partitions.add(d.partition());
            }
            this.nextOffsets = new HashMap<>(nextOffsets);
            this.records = new HashMap<>(records);
            this.deadLetters = new ArrayList<>(deadLetters);
        }

        List<PendingDocument> documents() {
            return documents;
        }

        long seq() {
            return seq;
        }

        /** Adds a dead-letter send (a document Elasticsearch rejected); called by the sender before completing. */
        synchronized void addDeadLetter(Future<RecordMetadata> send) {
            deadLetters.add(send);
        }

        private synchronized List<Future<RecordMetadata>> deadLetterSends() {
            return List.copyOf(deadLetters);
        }
    }

    /** What may be committed now: offsets, the records they cover, and dead letters to await first. */
    record Committable(Map<TopicPartition, OffsetAndMetadata> offsets, long records,
                       List<Future<RecordMetadata>> deadLetters) {
        boolean isEmpty() {
            return records == 0 && offsets.isEmpty();
        }
    }

    private final int maxInFlight;
    private final Deque<Bulk> bulks = new ArrayDeque<>();
    /** Read without the lock by {@link #owns} on every record. */
    private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
    private long nextSeq;

    CommitTracker(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /** True when a bulk of {@code ids} may start now: a slot is free and no unacknowledged bulk holds any id. */
    synchronized boolean canBegin(Collection<String> ids) {
        if (inFlight() >= maxInFlight) {
            return false;
        }
        for (Bulk b : bulks) {
            if (!b.acknowledged) {
                for (String id : ids) {
                    if (b.ids.contains(id)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Registers the next bulk in consumption order; the caller checked {@link #canBegin}.
     *
     * @param nextOffsets per partition, the offset to commit once this bulk and every earlier one are acknowledged
     * @param records     per partition, how many records the bulk covers (documents, merged updates, dead letters)
     * @param deadLetters sends of records that went to the dead-letter topic instead of the bulk
     */
    synchronized Bulk begin(List<PendingDocument> documents, Map<TopicPartition, Long> nextOffsets,
                            Map<TopicPartition, Long> records, List<Future<RecordMetadata>> deadLetters) {
        if (!canBegin(documents.stream().map(PendingDocument::id).toList())) {
            throw new IllegalStateException("no slot for a bulk, or it shares an id with a bulk in flight");
        }
        Bulk b = new Bulk(nextSeq++, documents, nextOffsets, records, deadLetters);
        bulks.addLast(b);
        return b;
    }

    /** Elasticsearch acknowledged (or for good refused) every document of {@code b}. */
    synchronized void acknowledged(Bulk b) {
        b.acknowledged = true;
        b.writing = false;
        notifyAll();
    }

    /** Sender bookkeeping: a request with {@code b}'s documents is on the wire ({@code true}) or not. */
    synchronized void writing(Bulk b, boolean writing) {
        b.writing = writing;
        notifyAll();
    }

    /** Bulks begun and not yet acknowledged. */
    synchronized int inFlight() {
        int n = 0;
        for (Bulk b : bulks) {
            if (!b.acknowledged) {
                n++;
            }
        }
        return n;
    }

    /** True when nothing is in flight and nothing waits to be committed. */
    synchronized boolean isIdle() {
        return bulks.isEmpty();
    }

    /**
     * Removes the longest prefix of acknowledged bulks and returns their offsets (the highest per partition) to be
     * committed; later acknowledged bulks wait for the earlier ones.
     */
    synchronized Committable takeCommittable() {
        Map<TopicPartition, Long> next = new HashMap<>();
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        long records = 0;
        while (!bulks.isEmpty() && bulks.peekFirst().acknowledged) {
            Bulk b = bulks.pollFirst();
            b.nextOffsets.forEach((tp, o) -> next.merge(tp, o, Math::max));
            records += b.records.values().stream().mapToLong(Long::longValue).sum();
            dead.addAll(b.deadLetterSends());
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        return new Committable(out, records, dead);
    }

    /**
     * This consumer no longer owns {@code partitions}: unacknowledged bulks will not commit their offsets, and
     * senders stop writing their documents ({@link #owned}). Offsets of already acknowledged bulks stay committable
     * when {@code keepAcknowledged} (revoked in a rebalance: they may still be committed); not when the partitions
     * were lost (a commit would be refused).
     */
    synchronized void revoke(Collection<TopicPartition> partitions, boolean keepAcknowledged) {
        revoked.addAll(partitions);
        for (Bulk b : bulks) {
            if (!b.acknowledged || !keepAcknowledged) {
                partitions.forEach(b.nextOffsets::remove);
                partitions.forEach(b.records::remove);
            }
        }
        notifyAll();
    }

    /** False for a partition revoked from this consumer (and not assigned again). */
    boolean owns(TopicPartition tp) {
        return revoked.isEmpty() || !revoked.contains(tp);
    }

    /** The consumer owns {@code partitions} (again). */
    synchronized void assigned(Collection<TopicPartition> partitions) {
        revoked.removeAll(partitions);
    }

    /** The documents of {@code b} whose partitions this consumer still owns; the sender writes only those. */
    synchronized List<PendingDocument> owned(List<PendingDocument> docs) {
        if (revoked.isEmpty()) {
            return docs;
        }
        return docs.stream().filter(d -> !revoked.contains(d.partition())).toList();
    }

    /**
     * Waits up to {@code timeoutMillis} until no request holding documents of {@code partitions} is on the wire, so
     * the partitions' new owner cannot be overtaken by a stale write. True when none is.
     */
    synchronized boolean awaitNoWrites(Collection<TopicPartition> partitions, long timeoutMillis)
        throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            boolean busy = false;
            for (Bulk b : bulks) {
                if (b.writing && b.partitions.stream().anyMatch(partitions::contains)) {
                    busy = true;
                    break;
                }
            }
            long left = end - System.currentTimeMillis();
            if (!busy) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
    }

    /** Waits up to {@code timeoutMillis} until a bulk of {@code ids} may begin; true when it may. */
    synchronized boolean awaitCanBegin(Collection<String> ids, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!canBegin(ids)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
