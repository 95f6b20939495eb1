package dev.fraudwatch.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fraudwatch.alerts.Fixtures.account;
import static dev.fraudwatch.alerts.Fixtures.blocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the engine does when a real SMTP server (GreenMail, refusing as {@link PolicyGreenMail}'s policy says) refuses
 * one mail for good, or refuses every mail for a setting, against a real KRaft broker.
 */
class AlertRejectionIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String FROM = "fraudwatch@example.org";
    private static final String ANALYST = "analyst@example.org";
    private static final String REFUSAL = "554 5.6.0 Message content rejected by policy";

    private final List<AlertService> services = new ArrayList<>();
    private final int port = Ports.freePort();
    private GreenMail server;
    private KafkaSettings topics;
    private AlertsConfig config;
    private Admin admin;

    @BeforeEach
    void setUp() {
        topics = kafka.newTopics();
        String s = KafkaBrokerExtension.uniqueSuffix();
        config = AlertsConfig.defaults(topics.topics(), "alerts_sent_" + s, "alerts-" + s)
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).withRejectedAttempts(3);
        admin = Admin.create(topics.clientProps());
    }

    @AfterEach
    void tearDown() {
        services.forEach(AlertService::close);
        if (server != null) {
            server.stop();
        }
        admin.close();
    }

    private void startServer(PolicyGreenMail.Policy policy) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(20_000);
        server = new PolicyGreenMail(setup, policy);
        server.start();
    }

    private AlertService start(AlertsConfig c) {
        AlertService svc = new AlertService(c, topics, new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM,
            List.of(ANALYST))));
        services.add(svc);
        svc.start();
        return svc;
    }

    private byte[] blockedRecord(BlockedCustomer b) {
        byte[] value = Json.toBytes(b);
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            p.send(new ProducerRecord<>(topics.topics().blockedCustomers(),
                b.accountNumber().getBytes(StandardCharsets.UTF_8), value));
        }
        return value;
    }

    private long committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topics.topics().blockedCustomers()) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<String> mailedIds() {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            try {
                out.addAll(Arrays.asList(m.getHeader("X-FraudWatch-Transactions", null).split(",")));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Test
    void aMailRefusedForGoodGoesToTheDeadLetterTopicWithTheReplyAndTheOtherAlertsAreMailedOnce() throws Exception {
        BlockedCustomer refused = blocked(account(301), 90_000, "Amount exceeds $50,000");
        AtomicInteger refusals = new AtomicInteger();
        startServer(new PolicyGreenMail.Policy() {
            @Override
            public String data(MimeMessage m) throws MessagingException {
                if (m.getHeader("X-FraudWatch-Transactions", ",").contains(refused.transactionId())) {
                    refusals.incrementAndGet();
                    return REFUSAL;
                }
                return null;
            }
        });
        start(config);
        List<String> delivered = new ArrayList<>();
        byte[] refusedBytes = blockedRecord(refused);
        for (int i = 0; i < 2; i++) {
            BlockedCustomer b = blocked(account(302 + i), 60_000 + i, "Amount exceeds $50,000");
            delivered.add(b.transactionId());
            blockedRecord(b);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(topics.topics().deadLetter(), 1,
            Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(letter.value()).isEqualTo(refusedBytes); // the record as it was read
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(account(301));
        assertThat(header(letter, Headers.DLQ_REASON)).contains(REFUSAL, "permanently rejected after 3 attempt(s)");
        assertThat(header(letter, Headers.DLQ_SOURCE)).isEqualTo("alerts");
        assertThat(header(letter, Headers.DLQ_ORIGIN_TOPIC)).isEqualTo(topics.topics().blockedCustomers());

        BlockedCustomer later = blocked(account(305), 70_000, "Amount exceeds $50,000");
        delivered.add(later.transactionId());
        blockedRecord(later);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(config.consumerGroup()) == 4);
        assertThat(refusals.get()).isEqualTo(3);
        assertThat(mailedIds()).containsExactlyInAnyOrderElementsOf(delivered); // each once, the refused one never

        // Lost offsets (a new group re-reads everything): the given-up mail counts as handled, like a sent one.
        services.forEach(AlertService::close);
        AlertsConfig restarted = config.withConsumerGroup(config.consumerGroup() + "-restarted");
        start(restarted);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(restarted.consumerGroup()) == 4);
        assertThat(refusals.get()).isEqualTo(3);
        assertThat(mailedIds()).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(kafka.consume(topics.topics().deadLetter(), 2, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void refusedRecipientsAreRetriedNamingTheSettingOnceAndTheAlertIsMailedOnceTheServerTakesThem() throws Exception {
        AtomicBoolean fixed = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        startServer(new PolicyGreenMail.Policy() {
            @Override
            public String recipient(String address) {
                if (fixed.get()) {
                    return null;
                }
                refused.incrementAndGet();
                return "550 5.1.1 <" + address + ">: no such mailbox";
            }
        });
        try (LogCapture logs = new LogCapture()) {
            start(config);
            BlockedCustomer b = blocked(account(311), 60_000, "Amount exceeds $50,000");
            blockedRecord(b);
            await().atMost(Duration.ofSeconds(60)).until(() -> refused.get() >= 5);
            assertThat(committed(config.consumerGroup())).isZero();
            assertThat(logs.text().split("until a setting is fixed", -1)).hasSize(2); // once, not per attempt
            assertThat(logs.text()).contains("fix setting 'smtp.to'");

            fixed.set(true); // the mailbox exists now, as after correcting smtp.to
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(config.consumerGroup()) == 1);
            assertThat(mailedIds()).containsExactly(b.transactionId());
            assertThat(kafka.consume(topics.topics().deadLetter(), 1, Duration.ofSeconds(3))).isEmpty();
        }
    }
}
