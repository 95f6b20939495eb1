package dev.fraudwatch.web;

import dev.fraudwatch.core.model.BlockedCustomer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The most recent blocked customers, newest first, bounded to {@code capacity}. Ordered by the time the record
 * was produced (the Kafka record timestamp), so records polled from different partitions in any order still
 * come out in the order they were blocked. A transaction seen twice (a POST and then the same record read back
 * from Kafka, or a replay) is kept once. Thread-safe; listeners hear each new entry (the SSE stream).
 */
public final class BlockedStore {

    /** One stored entry: the record and the time that orders it. */
    public record Entry(long timestampMillis, long seq, BlockedCustomer customer) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::timestampMillis)
        .thenComparingLong(Entry::seq).reversed();

    private final int capacity;
    private final TreeSet<Entry> entries = new TreeSet<>(NEWEST_FIRST);
    private final Set<String> ids = new HashSet<>();
    private final List<Consumer<BlockedCustomer>> listeners = new CopyOnWriteArrayList<>();
    private long seq;

    public BlockedStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds the record; returns false (and tells no listener) when its transaction is already stored or too old. */
    public boolean add(long timestampMillis, BlockedCustomer c) {
        synchronized (this) {
            if (ids.contains(c.transactionId())) {
                return false;
            }
            Entry e = new Entry(timestampMillis, seq++, c);
            entries.add(e);
            ids.add(c.transactionId());
            if (entries.size() > capacity) {
                Entry oldest = entries.pollLast();
                ids.remove(oldest.customer().transactionId());
                if (oldest == e) {
                    return false;
                }
            }
        }
        listeners.forEach(l -> l.accept(c));
        return true;
    }

    /** The newest {@code n} records, newest first. */
    public synchronized List<BlockedCustomer> latest(int n) {
        List<BlockedCustomer> out = new ArrayList<>(Math.min(n, entries.size()));
        for (Entry e : entries) {
            if (out.size() >= n) {
                break;
            }
            out.add(e.customer());
        }
        return out;
    }

    public synchronized List<BlockedCustomer> forAccount(String account) {
        return entries.stream().map(Entry::customer).filter(c -> account.equals(c.accountNumber())).toList();
    }

    public synchronized int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }

    public void addListener(Consumer<BlockedCustomer> listener) {
        listeners.add(listener);
    }
}
