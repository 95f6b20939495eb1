package dev.fraudwatch.alerts;

import dev.fraudwatch.kafka.KafkaClients;
import dev.fraudwatch.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transaction ids already mailed, kept in a compacted Kafka topic (key = transaction id, value = when).
 *
 * <p>Why a topic rather than a file under {@code data.dir}: every instance of the consumer group reads the same
 * ledger, so when a partition moves to another instance after a crash between "mail accepted" and "offset
 * committed", the new owner still sees the id and does not mail it again; and it lives as long as the offsets it
 * complements. Compaction keeps one entry per id, {@code retention.ms} drops ids older than the retention.
 */
final class SentLedger {

    private final String topic;
    private final Properties clientProps;
    private final Producer<byte[], byte[]> producer;
    private final Set<String> sent = new HashSet<>();

    SentLedger(String topic, Properties clientProps, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.clientProps = clientProps;
        this.producer = producer;
    }

    static void ensureTopic(Properties clientProps, String topic, int partitions, short replication, Duration retention) {
        NewTopic t = new NewTopic(topic, partitions, replication).configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
        TopicAdmin.ensure(clientProps, List.of(t));
    }

    /** Reads the whole topic again; called when partitions are assigned, so ids other instances sent count too. */
    void reload() {
        Properties p = KafkaClients.consumer(clientProps);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the sent-alerts topic " + topic + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        sent.add(new String(r.key(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    boolean contains(String transactionId) {
        return sent.contains(transactionId);
    }

    int size() {
        return sent.size();
    }

    /** Records the ids and returns once the broker acknowledged every one (acks=all). */
    void markSent(Collection<String> transactionIds) throws LedgerException {
        sent.addAll(transactionIds);
        byte[] when = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (String id : transactionIds) {
            acks.add(producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), when)));
        }
        try {
            for (Future<RecordMetadata> f : acks) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerException("could not record sent alerts in topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while recording sent alerts", e);
        }
    }

    /** The ledger write failed; the ids stay remembered in memory and the write is retried. */
    static final class LedgerException extends Exception {
        LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
