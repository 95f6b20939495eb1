package dev.fraudwatch.alerts;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fraudwatch.alerts.AlertsConfig.GroupBy;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.fraudwatch.alerts.Fixtures.account;
import static dev.fraudwatch.alerts.Fixtures.blocked;
import static dev.fraudwatch.alerts.Fixtures.txnId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash window of the alert engine, against a real KRaft broker and real GreenMail: the process "dies" right
 * after the SMTP server accepted a mail (or right before), before the ledger marks it sent and before any offset is
 * committed; a new engine on the same group and ledger must send exactly the recorded mail again, even though more
 * transactions of the same account arrived meanwhile (a regrouped mail would carry a different Message-ID).
 */
class AlertCrashWindowIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
        .withPerMethodLifecycle(false);

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final List<AlertService> services = new ArrayList<>();
    private KafkaSettings topics;
    private AlertsConfig config;
    private Admin admin;

    @BeforeEach
    void setUp() throws Exception {
        mail.purgeEmailFromAllMailboxes();
        topics = kafka.newTopics();
        String s = KafkaBrokerExtension.uniqueSuffix();
        config = AlertsConfig.defaults(topics.topics(), "alerts_sent_" + s, "alerts-" + s)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).withGrouping(GroupBy.ACCOUNT, WINDOW);
        admin = Admin.create(topics.clientProps());
    }

    @AfterEach
    void tearDown() {
        services.forEach(AlertService::close);
        admin.close();
    }

    /** Stands for kill -9: thrown from the sender, it is no {@link AlertSendException}, so nothing handles it. */
    static final class Crash extends Error {
        Crash() {
            super("simulated kill -9");
        }
    }

    /**
     * The real sender, until it crashes: {@code afterSend} lets the first mail reach the server and then dies
     * before the engine can write the ledger, otherwise it dies before the mail leaves. Every later call (the
     * engine's flush on the way out) dies too, as a killed process sends nothing more.
     */
    private AlertSender crashing(boolean afterSend) {
        SmtpAlertSender real = toServer();
        boolean[] crashed = {false};
        // Forwarding disconnect(): the engine's close on the way out must reach the real connection, as it would.
        return Senders.forwarding(real, m -> {
            if (crashed[0]) {
                throw new Crash();
            }
            crashed[0] = true;
            if (afterSend) {
                real.send(m);
            }
            throw new Crash();
        });
    }

    private SmtpAlertSender toServer() {
        return new SmtpAlertSender(SmtpConfig.local("127.0.0.1", mail.getSmtp().getPort(), "fraudwatch@example.org",
            List.of("analyst@example.org")));
    }

    private AlertService start(AlertsConfig c, AlertSender sender, ManualClock clock) {
        AlertService svc = new AlertService(c, topics, sender, clock);
        services.add(svc);
        svc.start();
        return svc;
    }

    private String blockedRecord(String account, double amount) {
        BlockedCustomer b = blocked(txnId(), account, "Jane Roe", amount, "Amount exceeds $50,000", null);
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            p.send(new ProducerRecord<>(topics.topics().blockedCustomers(), account.getBytes(StandardCharsets.UTF_8),
                Json.toBytes(b)));
        }
        return b.transactionId();
    }

    private long committed(String topic) throws Exception {
        return admin.listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata().get().entrySet()
            .stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Transaction ids per distinct Message-ID, as a mail store that collapses copies would show them. */
    private static Map<String, List<String>> idsPerMessageId(MimeMessage[] msgs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (MimeMessage m : msgs) {
            List<String> ids = Arrays.asList(header(m, "X-FraudWatch-Transactions").split(","));
            List<String> before = out.putIfAbsent(header(m, "Message-ID"), ids);
            assertThat(before == null ? ids : before).as("copies of one Message-ID list the same transactions")
                .isEqualTo(ids);
        }
        return out;
    }

    private static void assertEachTransactionUnderExactlyOneMessageId(MimeMessage[] msgs) {
        Map<String, Set<String>> messageIds = new HashMap<>();
        idsPerMessageId(msgs).forEach((mid, ids) ->
            ids.forEach(id -> messageIds.computeIfAbsent(id, k -> new HashSet<>()).add(mid)));
        assertThat(messageIds).allSatisfy((id, mids) -> assertThat(mids).as(id).hasSize(1));
    }

    /**
     * Two transactions of one account are grouped and mailed; the process dies between the server's OK and the
     * ledger write. A third transaction of the account arrives before the restart, and the new engine runs with a
     * higher threshold under which one of the first two would no longer qualify: the resend is still exactly the
     * first mail (same Message-ID, members, subject, body, date), and the third gets a mail of its own.
     */
    @Test
    void aCrashAfterTheServerAcceptedTheMailResendsExactlyThatMailNotARegroupedOne() throws Exception {
        ManualClock firstClock = new ManualClock();
        AlertService first = start(config, crashing(true), firstClock);
        String a1 = blockedRecord(account(201), 55_000);
        String a2 = blockedRecord(account(201), 58_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.waiting() == 2);
        firstClock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        assertThat(first.failure()).isInstanceOf(Crash.class);
        first.close();
        MimeMessage original = mail.getReceivedMessages()[0];
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(header(original, "X-FraudWatch-Transactions")).isEqualTo(a1 + "," + a2);
        assertThat(committed(topics.topics().blockedCustomers())).isZero();

        String a3 = blockedRecord(account(201), 59_000);
        AlertsConfig stricter = new AlertsConfig(config.blockedTopic(), config.alertsTopic(), config.deadLetterTopic(),
            config.sentTopic(), config.consumerGroup(), 56_000, config.groupBy(), config.groupWindow(),
            config.groupMax(), config.initialBackoff(), config.maxBackoff(), config.sentRetention(),
            config.rejectedAttempts());
        ManualClock secondClock = new ManualClock();
        secondClock.advance(Duration.ofHours(1)); // a later restart: a regrouped mail would be dated differently
        AlertService second = start(stricter, toServer(), secondClock);
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 2);
        MimeMessage resent = mail.getReceivedMessages()[1];
        for (String h : List.of("Message-ID", "X-FraudWatch-Transactions", "Subject", "Date")) {
            assertThat(header(resent, h)).as(h).isEqualTo(header(original, h));
        }
        assertThat(resent.getContent()).isEqualTo(original.getContent());

        await().atMost(Duration.ofSeconds(30)).until(() -> second.waiting() == 1);
        secondClock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(topics.topics().blockedCustomers()) == 3);
        MimeMessage[] all = mail.getReceivedMessages();
        assertThat(all).hasSize(3);
        assertThat(idsPerMessageId(all)).containsExactly(
            Map.entry(header(original, "Message-ID"), List.of(a1, a2)),
            Map.entry(header(all[2], "Message-ID"), List.of(a3)));
        assertEachTransactionUnderExactlyOneMessageId(all);
        assertThat(second.isRunning()).isTrue();
    }

    /** The process dies after recording the intent and before the mail left: the recorded mail goes out once. */
    @Test
    void aCrashBeforeTheMailLeftSendsTheRecordedMailOnce() throws Exception {
        ManualClock firstClock = new ManualClock();
        AlertService first = start(config, crashing(false), firstClock);
        String a1 = blockedRecord(account(211), 61_000);
        String a2 = blockedRecord(account(211), 62_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.waiting() == 2);
        firstClock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        first.close();
        assertThat(mail.getReceivedMessages()).isEmpty();

        String a3 = blockedRecord(account(211), 63_000);
        ManualClock secondClock = new ManualClock();
        AlertService second = start(config, toServer(), secondClock);
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
        assertThat(header(mail.getReceivedMessages()[0], "X-FraudWatch-Transactions")).isEqualTo(a1 + "," + a2);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.waiting() == 1);
        secondClock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(topics.topics().blockedCustomers()) == 3);
        MimeMessage[] all = mail.getReceivedMessages();
        assertThat(all).hasSize(2);
        assertThat(header(all[1], "X-FraudWatch-Transactions")).isEqualTo(a3);
        assertEachTransactionUnderExactlyOneMessageId(all);
    }
}
