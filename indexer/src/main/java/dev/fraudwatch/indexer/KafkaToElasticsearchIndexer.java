package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.kafka.DeadLetters;
import dev.fraudwatch.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The one indexer mechanism: consumes the topic of an {@link IndexDefinition} and writes it to its index in bulk
 * requests (flushed by count, size and age), at least once and idempotently:
 * <ul>
 *   <li>up to {@code maxInFlight} bulks are written concurrently by a {@link BulkSender}, while this thread reads
 *       and converts the next records;</li>
 *   <li>offsets are committed only after Elasticsearch acknowledged the bulk and every earlier one (and dead letters
 *       were written), in consumption order ({@link CommitTracker}), so a crash re-sends rather than loses, and the
 *       derived ids make the re-send harmless; two bulks in flight never hold the same id, so updates of one
 *       document cannot overtake each other;</li>
 *   <li>when Elasticsearch is unavailable each bulk is retried with exponential backoff, forever; once every slot
 *       is taken the partitions are paused and polled (so the consumer stays in its group without reading
 *       further);</li>
 *   <li>a document Elasticsearch refuses (mapping error) goes to the dead-letter topic with the reason, and the
 *       rest of its bulk is kept.</li>
 * </ul>
 * Runs on the thread that calls {@link #run()}; {@link #close()} from another thread stops it.
 */
public final class KafkaToElasticsearchIndexer implements Runnable, AutoCloseable {

    static final String DLQ_SOURCE = "indexer";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaToElasticsearchIndexer.class);
    /** How long a rebalance waits for a request on the wire with documents of revoked partitions. */
    private static final long REVOKE_WAIT_MILLIS = 40_000;

    private final IndexDefinition definition;
    private final KafkaSettings kafka;
    private final IndexerSettings settings;
    private final BulkWriter writer;
    private final DocumentConverter converter;
    private final IndexerMetrics metrics = new IndexerMetrics();
    private final BulkBuffer buffer = new BulkBuffer();
    private final CommitTracker tracker;
    private final List<Future<RecordMetadata>> deadLetterSends = new ArrayList<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean paused;

    public KafkaToElasticsearchIndexer(IndexDefinition definition, ElasticsearchClient client, KafkaSettings kafka,
                                       IndexerSettings settings) {
        this.definition = definition;
        this.kafka = kafka;
        this.settings = settings;
        this.writer = new BulkWriter(client);
        this.converter = new DocumentConverter(definition);
        this.tracker = new CommitTracker(settings.maxInFlight());
    }

    public IndexerMetrics metrics() {
        return metrics;
    }

    public IndexDefinition definition() {
        return definition;
    }

    /** The settings this index is written with (its own flush interval, if it has one). */
    public IndexerSettings settings() {
        return settings;
    }

    public String groupId() {
        return settings.groupId() + "-" + definition.name();
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps());
             KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProps());
             BulkSender sender = new BulkSender(definition.index(), writer, tracker, metrics, settings,
                 (r, reason) -> deadLetter(r, null, reason))) {
            consumer = c;
            producer = p;
            if (!running) {
                return;
            }
            c.subscribe(List.of(definition.topic()), new Rebalance());
            long pollMillis = Math.max(10, Math.min(100, settings.flushInterval().toMillis()));
            long intervalNanos = settings.flushInterval().toNanos();
            while (running) {
                checkSender(sender);
                commitAcknowledged();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(pollMillis))) {
                    accept(r);
                    if (buffer.shouldFlush(settings.maxActions(), settings.maxBytes(), Long.MAX_VALUE)) {
                        dispatch(sender);
                    }
                }
                if (buffer.shouldFlush(settings.maxActions(), settings.maxBytes(), intervalNanos)) {
                    dispatch(sender);
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("indexer {} stopped: {}", definition, e.toString(), e);
            throw e;
        }
        LOG.info("indexer {} stopped ({})", definition, metrics);
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (!tracker.owns(tp)) {
            return; // revoked by a rebalance during this batch: the new owner reads it
        }
        DocumentConverter.Result result = converter.convert(r);
        if (result.document() != null) {
            buffer.add(result.document());
        } else {
            deadLetterSends.add(deadLetter(r, result.rejectField(), result.rejectReason()));
            buffer.consumed(tp, r.offset());
        }
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<byte[], byte[]> r, String field, String reason) {
        metrics.deadLettered.incrementAndGet();
        return producer.send(DeadLetters.record(kafka.topics().deadLetter(), r.topic(), r.key(), r.value(),
            DLQ_SOURCE, field, reason));
    }

    /**
     * Hands the buffer to the sender as the next bulk, once a slot is free and no bulk in flight holds one of its
     * ids. Meanwhile every partition is paused and polled (group membership kept, nothing new read) and
     * acknowledged bulks are committed. Returns without sending only when stopping.
     */
    private void dispatch(BulkSender sender) throws InterruptedException {
        while (!tracker.awaitCanBegin(buffer.ids(), 50)) {
            if (!running) {
                return;
            }
            checkSender(sender);
            commitAcknowledged();
            pauseAll();
            if (!consumer.poll(Duration.ZERO).isEmpty()) {
                throw new IllegalStateException("records returned from paused partitions");
            }
            if (buffer.isEmpty()) {
                break; // every buffered partition was revoked meanwhile
            }
        }
        resume();
        if (buffer.isEmpty()) {
            return;
        }
        sender.submit(tracker.begin(buffer.documents(), buffer.nextOffsets(), buffer.recordsPerPartition(),
            deadLetterSends));
        deadLetterSends.clear();
        buffer.clear();
    }

    private static void checkSender(BulkSender sender) {
        RuntimeException e = sender.failure();
        if (e != null) {
            throw new IllegalStateException("bulk sender failed: " + e.getMessage(), e);
        }
    }

    /** Commits the offsets of the acknowledged bulks that no unacknowledged earlier bulk precedes. */
    private void commitAcknowledged() throws InterruptedException {
        CommitTracker.Committable done = tracker.takeCommittable();
        if (done.isEmpty()) {
            return;
        }
        try {
            for (Future<RecordMetadata> f : done.deadLetters()) {
                f.get();
            }
        } catch (ExecutionException e) {
            // without the dead letter safely stored the offset must not move: fail loudly, records are re-read
            throw new IllegalStateException("cannot write to dead-letter topic " + kafka.topics().deadLetter() + ": "
                + e.getCause().getMessage(), e.getCause());
        }
        if (done.offsets().isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done.offsets());
            metrics.committedRecords.addAndGet(done.records());
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // partitions moved to another instance, which re-reads them; the ids make that harmless
            LOG.info("{}: offsets not committed after a rebalance ({}); records will be re-delivered",
                definition.index(), e.getMessage());
        }
    }

    private void pauseAll() {
        consumer.pause(consumer.assignment());
        paused = true;
    }

    private void resume() {
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private Properties consumerProps() {
        // read_committed (KafkaClients): the detection job writes with Kafka transactions, never index aborted records
        Properties p = KafkaClients.groupConsumer(kafka.clientProps(), groupId());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(settings.maxActions(), 5000)));
        return p;
    }

    private Properties producerProps() {
        return KafkaClients.reliableProducer(kafka.clientProps());
    }

    /** Stops {@link #run()} soon; buffered records whose offsets were not committed are re-read on the next start. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        /**
         * Stops writing the partitions' documents, waits for a request with them still on the wire (so it cannot
         * overtake the new owner's writes), commits what was acknowledged and forgets the rest, which the new owner
         * reads again.
         */
        private void release(Collection<TopicPartition> partitions, boolean commit) {
            if (partitions.isEmpty()) {
                return;
            }
            tracker.revoke(partitions, commit);
            try {
                if (!tracker.awaitNoWrites(partitions, REVOKE_WAIT_MILLIS)) {
                    LOG.warn("{}: a bulk with documents of {} is still being written after a rebalance",
                        definition.index(), partitions);
                }
                if (commit) {
                    commitAcknowledged();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            buffer.dropPartitions(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            tracker.assigned(partitions);
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }
}
