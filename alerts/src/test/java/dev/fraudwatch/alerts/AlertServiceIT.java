package dev.fraudwatch.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fraudwatch.alerts.AlertsConfig.GroupBy;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert.Decision;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fraudwatch.alerts.Fixtures.account;
import static dev.fraudwatch.alerts.Fixtures.blocked;
import static dev.fraudwatch.alerts.Fixtures.decision;
import static dev.fraudwatch.alerts.Fixtures.txnId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The alert engine against a real KRaft broker and real GreenMail SMTP servers. */
class AlertServiceIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    /** One server pair per class (purged before each test); SMTPS start-up can pass 2 s on a busy machine. */
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(setups()).withPerMethodLifecycle(false);

    private static ServerSetup[] setups() {
        ServerSetup[] s = {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()};
        for (ServerSetup x : s) {
            x.setServerStartupTimeout(20_000);
        }
        return s;
    }

    private static final String PASSWORD = "Pw-9zK-must-not-leak";
    private static final String FROM = "fraudwatch@example.org";
    private static final String ANALYST = "analyst@example.org";

    private final List<AlertService> services = new ArrayList<>();
    private final List<GreenMail> servers = new ArrayList<>();
    private KafkaSettings topics;
    private AlertsConfig config;
    private Admin admin;

    @BeforeEach
    void setUp() throws Exception {
        mail.purgeEmailFromAllMailboxes();
        topics = kafka.newTopics();
        String s = KafkaBrokerExtension.uniqueSuffix();
        config = AlertsConfig.defaults(topics.topics(), "alerts_sent_" + s, "alerts-" + s)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        admin = Admin.create(topics.clientProps());
    }

    @AfterEach
    void tearDown() {
        services.forEach(AlertService::close);
        servers.forEach(GreenMail::stop);
        admin.close();
    }

    // ---- helpers ----

    private AlertService start(AlertsConfig c, AlertSender sender) {
        AlertService svc = new AlertService(c, topics, sender);
        services.add(svc);
        svc.start();
        return svc;
    }

    private AlertService start(AlertsConfig c, AlertSender sender, ManualClock clock) {
        AlertService svc = new AlertService(c, topics, sender, clock);
        services.add(svc);
        svc.start();
        return svc;
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, Object value) {
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), Json.toBytes(value)));
    }

    private static SmtpAlertSender plain(int port, String... to) {
        return new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM, List.of(to)));
    }

    private SmtpAlertSender toExtension() {
        return plain(mail.getSmtp().getPort(), ANALYST);
    }

    private void produce(String topic, String key, Object value) {
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), Json.toBytes(value)));
        }
    }

    private void blockedRecord(BlockedCustomer b) {
        produce(topics.topics().blockedCustomers(), b.accountNumber(), b);
    }

    /** Sum of the group's committed offsets on {@code topic}: how many of its records are fully handled. */
    private long committed(String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
    }

    private void awaitCommitted(String group, String topic, long n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topic) == n);
    }

    private static List<String> txnIds(MimeMessage[] msgs) {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : msgs) {
            try {
                out.addAll(Arrays.asList(m.getHeader("X-FraudWatch-Transactions", null).split(",")));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static String body(MimeMessage m) throws Exception {
        return m.getContent().toString();
    }

    // ---- tests ----

    @Test
    void mailsEveryDetailOfABlockedTransaction() throws Exception {
        start(config, toExtension());
        BlockedCustomer b = blocked(txnId(), account(11), "Ada Lovelace", 61_250.75, "Amount exceeds $50,000",
            List.of("amount_over_limit", "new_device"));
        blockedRecord(b);

        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getFrom()[0].toString()).isEqualTo(FROM);
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly(ANALYST);
        assertThat(m.getSubject()).contains(b.transactionId(), "Ada Lovelace", account(11), "61,250.75");
        assertThat(body(m)).contains(b.transactionId(), "Ada Lovelace", account(11), "61,250.75",
            "Amount exceeds $50,000", b.transactionTime(), "amount_over_limit, new_device");
    }

    @Test
    void mailsAboveTheThresholdOrWhenTheReasonMentionsFraud() {
        start(config, toExtension());
        BlockedCustomer below = blocked(account(21), 9_999, "Velocity limit");
        BlockedCustomer above = blocked(account(22), 10_001, "Velocity limit");
        BlockedCustomer fraud = blocked(account(23), 500, "Suspected Fraud ring");
        // One key, so one partition: when its offset reaches 3, all three were judged.
        for (BlockedCustomer b : List.of(below, above, fraud)) {
            produce(topics.topics().blockedCustomers(), "one-partition", b);
        }
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 3);
        assertThat(txnIds(mail.getReceivedMessages()))
            .containsExactlyInAnyOrder(above.transactionId(), fraud.transactionId());
    }

    @Test
    void aTransactionOnBothTopicsIsMailedOnceAndOtherDecisionsNotAtAll() throws Exception {
        start(config, toExtension());
        String id = txnId();
        blockedRecord(blocked(id, account(31), "Bo", 70_000, "Amount exceeds $50,000", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
        produce(topics.topics().fraudAlerts(), account(31), decision(id, account(31), 70_000, Decision.BLOCK, "r1"));
        produce(topics.topics().fraudAlerts(), account(32),
            decision(txnId(), account(32), 80_000, Decision.REVIEW, "r2"));
        awaitCommitted(config.consumerGroup(), topics.topics().fraudAlerts(), 2);
        assertThat(txnIds(mail.getReceivedMessages())).containsExactly(id);
    }

    @Test
    void groupsABurstPerAccountIntoOneMailWithTheRulesOfBothTopics() throws Exception {
        ManualClock clock = new ManualClock();
        AlertService svc = start(config.withGrouping(GroupBy.ACCOUNT, Duration.ofMinutes(5)), toExtension(), clock);
        List<String> burst = List.of(txnId(), txnId(), txnId());
        BlockedCustomer other = blocked(account(42), 52_000, "Amount exceeds $50,000");
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (String id : burst) {
                send(p, topics.topics().blockedCustomers(), account(41),
                    blocked(id, account(41), "Cy", 55_000, "Amount exceeds $50,000", List.of("amount")));
            }
            send(p, topics.topics().fraudAlerts(), account(41),
                decision(burst.get(0), account(41), 55_000, Decision.BLOCK, "new_device"));
            send(p, topics.topics().blockedCustomers(), account(42), other);
        }
        // Four transactions wait (the decision merged into the first); nothing is mailed before the window ends.
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.waiting() == 4);
        assertThat(mail.getReceivedMessages()).isEmpty();
        clock.advance(Duration.ofMinutes(5));

        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 4);
        awaitCommitted(config.consumerGroup(), topics.topics().fraudAlerts(), 1);
        MimeMessage[] msgs = mail.getReceivedMessages();
        assertThat(msgs).hasSize(2);
        MimeMessage grouped = Arrays.stream(msgs).filter(m -> {
            try {
                return m.getSubject().contains(account(41));
            } catch (MessagingException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(grouped.getSubject()).contains("3 blocked transactions");
        assertThat(body(grouped)).contains(burst.toArray(String[]::new)).contains("amount, new_device");
        assertThat(txnIds(msgs)).containsExactlyInAnyOrder(burst.get(0), burst.get(1), burst.get(2),
            other.transactionId());
    }

    @Test
    void intervalGroupingSendsOneMailForTheWholeWindow() {
        ManualClock clock = new ManualClock();
        AlertService svc = start(config.withGrouping(GroupBy.INTERVAL, Duration.ofMinutes(5)), toExtension(), clock);
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (int i = 0; i < 4; i++) {
                BlockedCustomer b = blocked(account(50 + i), 60_000 + i, "Amount exceeds $50,000");
                send(p, topics.topics().blockedCustomers(), b.accountNumber(), b);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.waiting() == 4);
        assertThat(mail.getReceivedMessages()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 4);
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(txnIds(mail.getReceivedMessages())).hasSize(4);
    }

    @Test
    void closingMailsWhatWaitsForItsWindowInsteadOfHoldingIt() throws Exception {
        AlertService svc = start(config.withGrouping(GroupBy.ACCOUNT, Duration.ofMinutes(10)), toExtension());
        blockedRecord(blocked(account(65), 61_000, "Amount exceeds $50,000"));
        blockedRecord(blocked(account(65), 62_000, "Amount exceeds $50,000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.waiting() == 2);
        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(committed(config.consumerGroup(), topics.topics().blockedCustomers())).isZero();
        svc.close();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getSubject()).contains("2 blocked transactions");
        assertThat(committed(config.consumerGroup(), topics.topics().blockedCustomers())).isEqualTo(2);
    }

    @Test
    void aMailRefusedInTheMiddleOfABatchIsRetriedAndEveryOtherIsMailedOnce() {
        ManualClock clock = new ManualClock();
        SmtpAlertSender real = toExtension();
        AtomicInteger calls = new AtomicInteger();
        AlertSender refusingTheThird = Senders.forwarding(real, m -> {
            if (calls.incrementAndGet() == 3) {
                throw new AlertSendException("451 try again later", null);
            }
            real.send(m);
        });
        AlertService svc = start(config.withGrouping(GroupBy.ACCOUNT, Duration.ofMinutes(5)), refusingTheThird, clock);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (int i = 0; i < 5; i++) {
                BlockedCustomer b = blocked(account(120 + i), 60_000 + i, "Amount exceeds $50,000");
                ids.add(b.transactionId());
                send(p, topics.topics().blockedCustomers(), b.accountNumber(), b);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.waiting() == 5);
        clock.advance(Duration.ofMinutes(5)); // all five fall due together: one batch
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.waiting() == 3); // the rest, after the failure
        clock.advance(Duration.ofMinutes(1)); // past the backoff
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 5);
        assertThat(txnIds(mail.getReceivedMessages())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(calls.get()).isEqualTo(6);
    }

    @Test
    void sendsToSeveralRecipientsOnceEach() {
        start(config, plain(mail.getSmtp().getPort(), "first@example.org", "second@example.net"));
        BlockedCustomer b = blocked(account(61), 75_000, "Amount exceeds $50,000");
        blockedRecord(b);
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 1);
        for (String who : List.of("first@example.org", "second@example.net")) {
            assertThat(mail.findReceivedMessages(u -> u.getEmail().equals(who), m -> true).count()).isEqualTo(1);
        }
    }

    @Test
    void smtpDownThenUpDeliversEachAlertExactlyOnceAndNeverLogsThePassword() throws Exception {
        int port = Ports.freePort();
        GreenMail first = authServer(port);
        AtomicInteger failures = new AtomicInteger();
        SmtpAlertSender smtp = new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM, List.of(ANALYST))
            .withCredentials(FROM, PASSWORD));
        AlertSender counting = Senders.forwarding(smtp, m -> {
            try {
                smtp.send(m);
            } catch (AlertSendException e) {
                failures.incrementAndGet();
                throw e;
            }
        });
        try (LogCapture logs = new LogCapture()) {
            start(config, counting);
            BlockedCustomer before = blocked(account(71), 51_000, "Amount exceeds $50,000");
            blockedRecord(before);
            await().atMost(Duration.ofSeconds(30)).until(() -> first.getReceivedMessages().length == 1);
            List<String> sentBefore = txnIds(first.getReceivedMessages());
            first.stop(); // GreenMail forgets its mails when stopped, hence the copy above
            List<String> backlog = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                BlockedCustomer b = blocked(account(72 + i), 52_000 + i, "Amount exceeds $50,000");
                backlog.add(b.transactionId());
                blockedRecord(b);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() >= 3);
            assertThat(committed(config.consumerGroup(), topics.topics().blockedCustomers())).isEqualTo(1);

            GreenMail second = authServer(port);
            awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 5);
            assertThat(sentBefore).containsExactly(before.transactionId());
            assertThat(txnIds(second.getReceivedMessages())).containsExactlyInAnyOrderElementsOf(backlog);
            assertThat(logs.text()).contains("did not accept the mail").doesNotContain(PASSWORD);
        }
    }

    private GreenMail authServer(int port) {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, FROM, PASSWORD));
        servers.add(g);
        g.start();
        return g;
    }

    @Test
    void aRestartWithLostOffsetsDoesNotResendWhatWasSent() {
        AlertService firstRun = start(config, toExtension());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BlockedCustomer b = blocked(account(81 + i), 58_000, "Amount exceeds $50,000");
            ids.add(b.transactionId());
            blockedRecord(b);
        }
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 3);
        firstRun.close();

        // A new group has no committed offsets and re-reads every record, as after a crash before the commit:
        // only the sent-id ledger stands between those records and a second mail.
        AlertsConfig secondRun = config.withConsumerGroup(config.consumerGroup() + "-restarted");
        start(secondRun, toExtension());
        BlockedCustomer after = blocked(account(85), 59_000, "Amount exceeds $50,000");
        ids.add(after.transactionId());
        blockedRecord(after);
        awaitCommitted(secondRun.consumerGroup(), topics.topics().blockedCustomers(), 4);
        assertThat(txnIds(mail.getReceivedMessages())).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void twoInstancesInOneGroupShareTheWorkAndMailEachTransactionOnce() {
        start(config, toExtension());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BlockedCustomer b = blocked(account(100 + i), 58_000, "Amount exceeds $50,000");
            ids.add(b.transactionId());
            blockedRecord(b);
        }
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 3);
        start(config, toExtension()); // joining rebalances the group while the first instance runs
        for (int i = 0; i < 6; i++) {
            BlockedCustomer b = blocked(account(110 + i), 58_000, "Amount exceeds $50,000");
            ids.add(b.transactionId());
            blockedRecord(b);
            // the same transaction as a BLOCK decision, keyed by account like the blocked record
            produce(topics.topics().fraudAlerts(), b.accountNumber(),
                decision(b.transactionId(), b.accountNumber(), 58_000, Decision.BLOCK, "r"));
        }
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 9);
        awaitCommitted(config.consumerGroup(), topics.topics().fraudAlerts(), 6);
        assertThat(txnIds(mail.getReceivedMessages())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(services).allMatch(AlertService::isRunning);
    }

    @Test
    void aRejectedLoginStopsTheStartWithASettingNameAndNoPassword() {
        int port = Ports.freePort();
        authServer(port);
        String wrong = "wrong-" + PASSWORD;
        SmtpAlertSender sender = new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM, List.of(ANALYST))
            .withCredentials(FROM, wrong));
        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> start(config, sender)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'smtp.password'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
            assertThat(logs.text()).doesNotContain(wrong);
        }
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithAReason() {
        start(config, toExtension());
        kafka.send(topics.topics().blockedCustomers(), null, "{not json".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(topics.topics().deadLetter(), 1,
            Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader(Headers.DLQ_SOURCE).value(), StandardCharsets.UTF_8))
            .isEqualTo("alerts");
        assertThat(dead.get(0).headers().lastHeader(Headers.DLQ_REASON)).isNotNull();
        awaitCommitted(config.consumerGroup(), topics.topics().blockedCustomers(), 1);
    }

    @Test
    void smtpsModeDeliversOverTls() throws Exception {
        SmtpConfig c = SmtpConfig.local("127.0.0.1", mail.getSmtps().getPort(), FROM, List.of(ANALYST))
            .withTls(TlsMode.SMTPS, "*", false);
        new SmtpAlertSender(c).send(new AlertMailFormatter().format(List.of(Fixtures.txn(account(91), 60_000, "x")),
            Instant.now()));
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void startTlsIsRequiredAndNeverFallsBackToPlain() {
        // GreenMail's plain SMTP offers no STARTTLS: the sender must refuse rather than log in in clear.
        SmtpConfig c = SmtpConfig.local("127.0.0.1", mail.getSmtp().getPort(), FROM, List.of(ANALYST))
            .withTls(TlsMode.STARTTLS, "*", false);
        assertThatThrownBy(() -> new SmtpAlertSender(c)
            .send(new AlertMailFormatter().format(List.of(Fixtures.txn(account(92), 60_000, "x")), Instant.now())))
            .isInstanceOf(AlertSendException.class).hasMessageContaining("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

}
