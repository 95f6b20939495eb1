package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Writes bulks on up to {@code maxInFlight} threads of its own, so the consumer thread keeps reading and converting
 * while Elasticsearch indexes. Each bulk is retried with exponential backoff until Elasticsearch has acknowledged or
 * for good refused every document (refused ones go to the dead-letter topic), then marked acknowledged in the
 * {@link CommitTracker}; an unacknowledged bulk's offsets are never committed. Retries drop documents of partitions
 * this consumer no longer owns.
 */
final class BulkSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);

    private final String index;
    private final BulkWriter writer;
    private final CommitTracker tracker;
    private final IndexerMetrics metrics;
    private final IndexerSettings settings;
    private final BiFunction<ConsumerRecord<byte[], byte[]>, String, Future<RecordMetadata>> deadLetter;
    private final ExecutorService threads;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** {@code deadLetter} sends a record with a reason to the dead-letter topic (thread-safe). */
    BulkSender(String index, BulkWriter writer, CommitTracker tracker, IndexerMetrics metrics,
               IndexerSettings settings,
               BiFunction<ConsumerRecord<byte[], byte[]>, String, Future<RecordMetadata>> deadLetter) {
        this.index = index;
        this.writer = writer;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
        this.deadLetter = deadLetter;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.maxInFlight(), r -> {
            Thread t = new Thread(r, "indexer-" + index + "-bulk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void submit(CommitTracker.Bulk bulk) {
        if (bulk.documents().isEmpty()) {
            tracker.acknowledged(bulk);
            return;
        }
        threads.execute(() -> {
            try {
                if (write(bulk)) {
                    tracker.acknowledged(bulk);
                }
            } catch (RuntimeException e) {
                tracker.writing(bulk, false);
                if (!running) {
                    // close() interrupted the request (the client then throws "thread waiting for the response was
                    // interrupted"): no failure, the bulk stays unacknowledged like any other not finished by then
                    LOG.info("{}: stopped while writing a bulk of {} documents ({}); its records are read again on "
                        + "the next start", index, bulk.documents().size(), e.getMessage());
                    return;
                }
                LOG.error("{}: writing a bulk failed: {}", index, e.toString(), e);
                failure = e;
            }
        });
    }

    /** An unexpected error of a sender thread, for the consumer thread to rethrow; null when none. */
    RuntimeException failure() {
        return failure;
    }

    /** True when every document was acknowledged or refused; false when stopped before. */
    private boolean write(CommitTracker.Bulk bulk) {
        List<PendingDocument> todo = bulk.documents();
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        while (running) {
            todo = tracker.owned(todo);
            if (todo.isEmpty()) {
                return true;
            }
            Duration wait;
            tracker.writing(bulk, true);
            try {
                metrics.bulkRequests.incrementAndGet();
                BulkWriter.Outcome o = writer.write(index, todo);
                metrics.indexed.addAndGet(o.indexed());
                metrics.deleted.addAndGet(o.deleted());
                for (BulkWriter.Rejected rej : o.rejected()) {
                    LOG.warn("{}: document {} to dead-letter topic: {}", index, rej.document().id(), rej.reason());
                    bulk.addDeadLetter(deadLetter.apply(rej.document().record(), rej.reason()));
                }
                todo = o.retry();
                if (todo.isEmpty()) {
                    return true;
                }
                wait = backoff.next();
                LOG.warn("{}: {} documents not accepted now (Elasticsearch busy); retrying in {} ms", index,
                    todo.size(), wait.toMillis());
            } catch (IOException e) {
                if (!running) {
                    return false; // interrupted by close(), which retries nothing
                }
                wait = backoff.next();
                LOG.warn("{}: Elasticsearch unavailable ({}); retrying {} documents in {} ms", index,
                    e.getMessage(), todo.size(), wait.toMillis());
            } finally {
                tracker.writing(bulk, false);
            }
            metrics.failedAttempts.incrementAndGet();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Stops retrying; bulks not acknowledged by then stay uncommitted and are re-read on the next start. */
    @Override
    public void close() {
        running = false;
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(settings.maxBackoff().toMillis() + 35_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: bulk threads still running after close", index);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
