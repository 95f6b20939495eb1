package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import dev.fraudwatch.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;

/** The sent ledger's intents and sent marks against a real KRaft broker, read back by a fresh ledger each time. */
class SentLedgerIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private KafkaSettings topics;
    private String topic;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void setUp() {
        topics = kafka.newTopics();
        topic = "alerts_sent_" + KafkaBrokerExtension.uniqueSuffix();
        SentLedger.ensureTopic(topics.clientProps(), topic, 2, (short) 1, Duration.ofDays(1));
        producer = new KafkaProducer<>(KafkaClients.reliableProducer(topics.clientProps()));
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    private SentLedger reloaded() {
        SentLedger l = new SentLedger(topic, topics.clientProps(), producer, Duration.ofDays(30));
        l.reload();
        return l;
    }

    private static AlertMail mail(BlockedTransaction... txns) {
        return new AlertMailFormatter().format(List.of(txns), Instant.parse("2026-11-24T18:00:05.123Z"));
    }

    @Test
    void anIntentIsReadBackWholeUntilItsMailIsMarkedSent() throws Exception {
        AlertMail m = mail(Fixtures.txn(account(301), 60_000, "a"), Fixtures.txn(account(301), 70_000, "b"));
        SentLedger writer = reloaded();
        writer.recordIntents(List.of(m));

        SentLedger afterCrash = reloaded();
        for (String id : m.transactionIds()) {
            assertThat(afterCrash.intentFor(id)).as(id).isEqualTo(m);
            assertThat(afterCrash.contains(id)).isFalse();
        }

        writer.markSent(List.of(m));
        SentLedger afterSend = reloaded();
        for (String id : m.transactionIds()) {
            assertThat(afterSend.contains(id)).isTrue();
            assertThat(afterSend.intentFor(id)).isNull();
        }
    }

    @Test
    void anIntentWhoseMembersWereAllMarkedSentBeforeItsDeletionIsComplete() throws Exception {
        AlertMail m = mail(Fixtures.txn(account(302), 60_000, "a"), Fixtures.txn(account(302), 61_000, "b"));
        reloaded().recordIntents(List.of(m));
        // The sent marks were written, the intent's deletion not (the process died in between).
        for (String id : m.transactionIds()) {
            producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                "2026-11-24T18:00:06Z".getBytes(StandardCharsets.UTF_8))).get();
        }
        SentLedger l = reloaded();
        for (String id : m.transactionIds()) {
            assertThat(l.contains(id)).isTrue();
            assertThat(l.intentFor(id)).isNull();
        }
    }

    @Test
    void aTransactionIdThatLooksLikeAnIntentKeyIsOnlyASentId() throws Exception {
        BlockedTransaction hostile = new BlockedTransaction(SentLedger.INTENT_PREFIX + "{not json", account(304),
            "Eve", 60_000, "2026-11-24 18:00:01", "x", List.of(), false);
        reloaded().markSent(List.of(mail(hostile)));
        SentLedger l = reloaded();
        assertThat(l.contains(hostile.transactionId())).isTrue();
        assertThat(l.intentFor(hostile.transactionId())).isNull();
    }
}
