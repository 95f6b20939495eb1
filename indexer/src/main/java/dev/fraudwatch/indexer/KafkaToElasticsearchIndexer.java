package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.kafka.DeadLetters;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
 *   <li>offsets are committed only after Elasticsearch acknowledged the bulk (and dead letters were written), so a
 *       crash re-sends rather than loses, and the derived ids make the re-send harmless;</li>
 *   <li>when Elasticsearch is unavailable the same bulk is retried with exponential backoff, forever; meanwhile the
 *       partitions are paused and polled (so the consumer stays in its group without reading further);</li>
 *   <li>a document Elasticsearch refuses (mapping error) goes to the dead-letter topic with the reason, and the
 *       rest of its bulk is kept.</li>
 * </ul>
 * Runs on the thread that calls {@link #run()}; {@link #close()} from another thread stops it.
 */
public final class KafkaToElasticsearchIndexer implements Runnable, AutoCloseable {

    static final String DLQ_SOURCE = "indexer";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaToElasticsearchIndexer.class);

    private final IndexDefinition definition;
    private final KafkaSettings kafka;
    private final IndexerSettings settings;
    private final BulkWriter writer;
    private final DocumentConverter converter;
    private final IndexerMetrics metrics = new IndexerMetrics();
    private final BulkBuffer buffer = new BulkBuffer();
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
    }

    public IndexerMetrics metrics() {
        return metrics;
    }

    public IndexDefinition definition() {
        return definition;
    }

    public String groupId() {
        return settings.groupId() + "-" + definition.name();
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps());
             KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProps())) {
            consumer = c;
            producer = p;
            if (!running) {
                return;
            }
            c.subscribe(List.of(definition.topic()), new Rebalance());
            long pollMillis = Math.max(10, Math.min(200, settings.flushInterval().toMillis()));
            long intervalNanos = settings.flushInterval().toNanos();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(pollMillis))) {
                    accept(r);
                    if (buffer.shouldFlush(settings.maxActions(), settings.maxBytes(), Long.MAX_VALUE)) {
                        flush();
                    }
                }
                if (buffer.shouldFlush(settings.maxActions(), settings.maxBytes(), intervalNanos)) {
                    flush();
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("indexer {} stopped: {}", definition, e.toString(), e);
            throw e;
        }
        LOG.info("indexer {} stopped ({})", definition, metrics);
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        DocumentConverter.Result result = converter.convert(r);
        if (result.document() != null) {
            buffer.add(result.document());
        } else {
            deadLetter(r, result.rejectField(), result.rejectReason());
            buffer.consumed(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String field, String reason) {
        deadLetterSends.add(producer.send(DeadLetters.record(kafka.topics().deadLetter(), r.topic(), r.key(),
            r.value(), DLQ_SOURCE, field, reason)));
        metrics.deadLettered.incrementAndGet();
    }

    /**
     * Writes the buffer until Elasticsearch has acknowledged or refused every document, then commits the offsets.
     * Returns without committing only when stopping; the records are then read again on the next start.
     */
    private void flush() {
        List<PendingDocument> todo = buffer.documents();
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        while (!todo.isEmpty()) {
            Duration wait;
            try {
                metrics.bulkRequests.incrementAndGet();
                BulkWriter.Outcome o = writer.write(definition.index(), todo);
                metrics.indexed.addAndGet(o.indexed());
                metrics.deleted.addAndGet(o.deleted());
                for (BulkWriter.Rejected rej : o.rejected()) {
                    LOG.warn("{}: document {} to dead-letter topic: {}", definition.index(), rej.document().id(),
                        rej.reason());
                    deadLetter(rej.document().record(), null, rej.reason());
                }
                todo = o.retry();
                if (todo.isEmpty()) {
                    break;
                }
                wait = backoff.next();
                LOG.warn("{}: {} documents not accepted now (Elasticsearch busy); retrying in {} ms",
                    definition.index(), todo.size(), wait.toMillis());
            } catch (IOException | ElasticsearchException e) {
                wait = backoff.next();
                LOG.warn("{}: Elasticsearch unavailable ({}); retrying {} documents in {} ms, consumer paused",
                    definition.index(), e.getMessage(), todo.size(), wait.toMillis());
            }
            metrics.failedAttempts.incrementAndGet();
            pauseFor(wait);
            if (!running) {
                return;
            }
            todo = todo.stream().filter(buffer::owns).toList();
        }
        resume();
        commit();
    }

    private void commit() {
        try {
            for (Future<RecordMetadata> f : deadLetterSends) {
                f.get();
            }
        } catch (ExecutionException e) {
            // without the dead letter safely stored the offset must not move: fail loudly, records are re-read
            throw new IllegalStateException("cannot write to dead-letter topic " + kafka.topics().deadLetter() + ": "
                + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        deadLetterSends.clear();
        try {
            consumer.commitSync(buffer.offsets());
            metrics.committedRecords.addAndGet(buffer.records());
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // partitions moved to another instance, which re-reads them; the ids make that harmless
            LOG.info("{}: offsets not committed after a rebalance ({}); records will be re-delivered",
                definition.index(), e.getMessage());
        }
        buffer.clear();
    }

    /** Waits by polling with every partition paused: keeps group membership, reads nothing new. */
    private void pauseFor(Duration wait) {
        consumer.pause(consumer.assignment());
        paused = true;
        long end = System.nanoTime() + wait.toNanos();
        while (running) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (!consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos()))).isEmpty()) {
                throw new IllegalStateException("records returned from paused partitions");
            }
        }
    }

    private void resume() {
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private Properties consumerProps() {
        Properties p = kafka.clientProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the detection job writes with Kafka transactions (exactly-once): never index aborted records
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(settings.maxActions(), 5000)));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private Properties producerProps() {
        Properties p = kafka.clientProps();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
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
            buffer.dropPartitions(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            buffer.dropPartitions(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }
}
