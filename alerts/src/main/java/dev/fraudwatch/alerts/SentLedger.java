package dev.fraudwatch.alerts;

import dev.fraudwatch.core.json.Json;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which alert mails are about to be sent and which were sent, kept in a compacted Kafka topic shared by every
 * instance of the consumer group. Two kinds of entry:
 * <ul>
 *   <li>key {@code intent:<Message-ID>}, value the whole mail (members, subject, body, date): written (acks=all,
 *       awaited) <em>before</em> the mail goes to the SMTP server, and deleted (tombstone) once every member is
 *       marked sent. While it exists, a member read again is mailed in exactly this mail, never regrouped;</li>
 *   <li>key = transaction id, value = when it was sent: written after the server accepted the mail.</li>
 * </ul>
 *
 * <p>Why a topic rather than a file under {@code data.dir}: when a partition moves to another instance (rebalance,
 * crash), the new owner reads the same ledger, so it neither mails a sent transaction again nor regroups one whose
 * mail may have gone out; and it lives as long as the offsets it complements. Compaction keeps the newest entry per
 * key (an intent is written once, then tombstoned); {@code retention.ms} drops sent ids older than the retention.
 */
final class SentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SentLedger.class);

    /** Prefix of intent keys (the Message-ID follows). */
    static final String INTENT_PREFIX = "intent:";
    /**
     * Largest intent value written: under the broker's and producer's default 1 MiB record limit. The engine splits a
     * group whose mail would be larger (a transaction record is at most 64 KB, so one alone always fits).
     */
    static final int MAX_INTENT_BYTES = 900_000;

    private final String topic;
    private final Properties clientProps;
    private final Producer<byte[], byte[]> producer;
    /**
     * Sent transaction ids and when each was marked (epoch ms), oldest first, as long as the topic keeps them
     * ({@code retention}): without that bound a long run would fill the heap with every id it ever mailed.
     */
    private final LinkedHashMap<String, Long> sent = new LinkedHashMap<>();
    private final Duration retention;
    /** Intents not yet marked sent, by Message-ID, and the Message-ID of each of their members. */
    private final Map<String, AlertMail> intents = new HashMap<>();
    private final Map<String, String> intentOfMember = new HashMap<>();

    /** {@code retention}: how long a sent id is kept, here and in the topic ({@code alerts.sent-retention}). */
    SentLedger(String topic, Properties clientProps, Producer<byte[], byte[]> producer, Duration retention) {
        this.topic = topic;
        this.clientProps = clientProps;
        this.producer = producer;
        this.retention = retention;
    }

    static void ensureTopic(Properties clientProps, String topic, int partitions, short replication, Duration retention) {
        NewTopic t = new NewTopic(topic, partitions, replication).configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
        TopicAdmin.ensure(clientProps, List.of(t));
    }

    /**
     * Reads the whole topic again; called when partitions are assigned, so what other instances sent or intended
     * counts too. Intents are rebuilt from the topic (another instance may have completed one since).
     */
    void reload() {
        intents.clear();
        intentOfMember.clear();
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
                        apply(new String(r.key(), StandardCharsets.UTF_8), r.value());
                    }
                }
            }
        }
        expire(Instant.now());
        // An intent whose members were all marked sent before its tombstone was written is complete.
        List.copyOf(intents.values()).stream().filter(m -> sent.keySet().containsAll(m.transactionIds()))
            .forEach(this::forget);
    }

    /**
     * Told apart by value, not only by key, because a transaction id is any text the detector accepted: a sent mark
     * is a time, an intent a JSON object, and only an intent is ever deleted (a null value).
     */
    private void apply(String key, byte[] value) {
        if (value == null) {
            AlertMail done = key.startsWith(INTENT_PREFIX) ? intents.get(key.substring(INTENT_PREFIX.length())) : null;
            if (done != null) {
                forget(done);
            }
        } else if (key.startsWith(INTENT_PREFIX) && value.length > 0 && value[0] == '{') {
            try {
                remember(Json.fromBytes(value, Intent.class).toMail());
            } catch (RuntimeException e) {
                LOG.warn("Ignoring an unreadable intent {} in topic {}: {}", key, topic, e.getMessage());
            }
        } else {
            markedAt(key, sentAt(value));
        }
    }

    /**
     * Puts the id at the young end of {@link #sent}, which {@link #expire} walks from its old end: a put alone would
     * keep a re-marked id's old place with its new time and stop {@link #expire} there, holding older ids behind it.
     */
    private void markedAt(String id, long millis) {
        sent.remove(id);
        sent.put(id, millis);
    }

    /** A mark's time; one that cannot be read counts as now (it is kept a whole retention period, never less). */
    private static long sentAt(byte[] value) {
        try {
            return Instant.parse(new String(value, StandardCharsets.UTF_8)).toEpochMilli();
        } catch (RuntimeException e) {
            return System.currentTimeMillis();
        }
    }

    /**
     * Forgets sent ids marked longer than the retention before {@code now}, as the topic does: a transaction whose
     * records are read again after that is mailed again (alerts/README.md). Walks from the oldest and stops at the
     * first one still kept, so the cost is what it removes; marks read from several partitions are only roughly in
     * time order, so an expired id behind a younger one goes when that one does.
     */
    void expire(Instant now) {
        long cutoff = now.toEpochMilli() - retention.toMillis();
        Iterator<Map.Entry<String, Long>> it = sent.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() < cutoff) {
            it.remove();
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
        return sent.containsKey(transactionId);
    }

    /** The recorded, not yet marked sent, mail this transaction belongs to; null when there is none. */
    AlertMail intentFor(String transactionId) {
        String messageId = intentOfMember.get(transactionId);
        return messageId == null ? null : intents.get(messageId);
    }

    int size() {
        return sent.size();
    }

    /** The size of the intent entry for {@code mail}, to keep it under {@link #MAX_INTENT_BYTES}. */
    static int intentBytes(AlertMail mail) {
        return Json.toBytes(Intent.of(mail)).length;
    }

    /**
     * Records that exactly these mails are about to be sent, and returns once the broker acknowledged every one
     * (acks=all): one round trip for the whole batch. Remembered in memory at once, so a member's record on the other
     * topic joins its mail even while the write is being retried. When it throws, none counts as recorded; writing
     * one again is harmless (same key, same value).
     */
    void recordIntents(List<AlertMail> mails) throws LedgerException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (AlertMail mail : mails) {
            remember(mail);
            acks.add(producer.send(new ProducerRecord<>(topic, intentKey(mail), Json.toBytes(Intent.of(mail)))));
        }
        await(acks, "could not record an alert mail about to be sent in topic " + topic);
    }

    /**
     * Members of one mail to mark: every member of a sent mail; of a mail given up to the dead-letter topic, those
     * whose records were dead-lettered here.
     */
    record Marks(AlertMail mail, Collection<String> ids) {
        static Marks all(AlertMail mail) {
            return new Marks(mail, mail.transactionIds());
        }
    }

    /** Marks every member of these mails sent: {@link #mark} of all their members. */
    void markSent(List<AlertMail> mails) throws LedgerException {
        mark(mails.stream().map(Marks::all).toList());
    }

    /**
     * Records these members as handled (key = transaction id, value = time, as for a sent mail) and, once the broker
     * acknowledged all of those (acks=all), deletes the intents whose members are now all marked, again awaited: two
     * round trips for the whole batch. The order matters: a crash in between leaves intents whose members are all
     * marked, which {@link #reload()} drops as complete; a tombstone written before a mark could leave a member
     * neither marked nor in an intent, to be grouped into a second mail. An intent with members still unmarked (a
     * mail given up here whose other members' records this instance has not read) stays, so each of those, when
     * read, gets the same mail and the same treatment. When it throws, the whole step is retried (a mark or
     * tombstone written twice changes nothing).
     */
    void mark(List<Marks> marks) throws LedgerException {
        Instant now = Instant.now();
        expire(now);
        byte[] when = now.toString().getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Marks m : marks) {
            for (String id : m.ids()) {
                markedAt(id, now.toEpochMilli());
                acks.add(producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), when)));
            }
        }
        await(acks, "could not record sent alerts in topic " + topic);
        List<Future<RecordMetadata>> tombstones = new ArrayList<>();
        for (Marks m : marks) {
            if (sent.keySet().containsAll(m.mail().transactionIds())) {
                forget(m.mail());
                tombstones.add(producer.send(new ProducerRecord<>(topic, intentKey(m.mail()), null)));
            }
        }
        await(tombstones, "could not delete the intent of a sent alert mail in topic " + topic);
    }

    /**
     * Remembers the mail as intended, in memory only (no write yet): from the moment its group is formed, a member's
     * record on the other topic joins this mail instead of a new group. Forgotten at the next {@link #reload()}
     * unless written by {@link #recordIntents}.
     */
    void remember(AlertMail mail) {
        intents.put(mail.messageId(), mail);
        mail.transactionIds().forEach(id -> intentOfMember.put(id, mail.messageId()));
    }

    private void forget(AlertMail mail) {
        intents.remove(mail.messageId());
        mail.transactionIds().forEach(id -> intentOfMember.remove(id, mail.messageId()));
    }

    private static byte[] intentKey(AlertMail mail) {
        return (INTENT_PREFIX + mail.messageId()).getBytes(StandardCharsets.UTF_8);
    }

    private static void await(List<Future<RecordMetadata>> acks, String what) throws LedgerException {
        try {
            for (Future<RecordMetadata> f : acks) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while writing to topic", e);
        }
    }

    /** An intent as stored: the mail with its date in epoch milliseconds (the JSON mapper has no java.time). */
    record Intent(String messageId, String subject, String body, List<String> transactionIds, long dateMillis) {

        static Intent of(AlertMail m) {
            return new Intent(m.messageId(), m.subject(), m.body(), m.transactionIds(), m.date().toEpochMilli());
        }

        AlertMail toMail() {
            return new AlertMail(subject, body, transactionIds, messageId, Instant.ofEpochMilli(dateMillis));
        }
    }

    /** The ledger write failed; what it recorded stays remembered in memory and the write is retried. */
    static final class LedgerException extends Exception {
        LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
