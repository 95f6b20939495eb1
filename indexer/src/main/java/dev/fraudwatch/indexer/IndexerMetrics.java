package dev.fraudwatch.indexer;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one indexer (one index definition), readable from any thread. */
public final class IndexerMetrics {
    final AtomicLong indexed = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong bulkRequests = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong committedRecords = new AtomicLong();

    /** Documents Elasticsearch acknowledged as indexed. */
    public long indexed() {
        return indexed.get();
    }

    /** Documents deleted by tombstones. */
    public long deleted() {
        return deleted.get();
    }

    /** Records sent to the dead-letter topic (not JSON, no id, or rejected by Elasticsearch). */
    public long deadLettered() {
        return deadLettered.get();
    }

    public long bulkRequests() {
        return bulkRequests.get();
    }

    /** Bulk attempts that failed as a whole or in part and were retried. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Kafka records whose offsets were committed (so fully handled). */
    public long committedRecords() {
        return committedRecords.get();
    }

    @Override
    public String toString() {
        return "indexed=" + indexed() + ", deleted=" + deleted() + ", deadLettered=" + deadLettered() + ", bulks="
            + bulkRequests() + ", failedAttempts=" + failedAttempts() + ", committedRecords=" + committedRecords();
    }
}
