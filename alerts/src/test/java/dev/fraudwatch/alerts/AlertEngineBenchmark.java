package dev.fraudwatch.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.alerts.AlertsConfig.GroupBy;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.kafka.EmbeddedKafka;
import dev.fraudwatch.kafka.KafkaClients;
import dev.fraudwatch.kafka.TopicAdmin;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Delivery throughput of the alert engine: a real embedded KRaft broker and a GreenMail SMTP server in this JVM,
 * {@code blocked_customers} pre-filled with N blocked transactions of N distinct accounts, then {@link AlertService}
 * started and timed until GreenMail holds all N. With a short group window the figure is the sending, not the
 * waiting. At the end it checks that every transaction is in exactly one mail (one Message-ID), no other.
 *
 * <p>Not a test: run by hand, {@code [N, default 20000] [group-by, default account] [window, default 1s]}; lines of
 * the result start with {@code [bench]} (the engine logs each mail at INFO).
 */
public final class AlertEngineBenchmark {

    private AlertEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        GroupBy groupBy = args.length > 1 ? AlertsConfig.groupBy(args[1]) : GroupBy.ACCOUNT;
        Duration window = args.length > 2 ? Duration.parse("PT" + args[2].toUpperCase(Locale.ROOT))
            : Duration.ofSeconds(1);
        Path dir = Files.createTempDirectory("fw-alert-bench");
        int smtpPort = Ports.freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0, 0, 3)) {
            KafkaSettings kafka = KafkaSettings.local(broker.bootstrapServers(), Topics.defaults().withSuffix("bench"));
            TopicAdmin.ensureTopics(kafka);
            Set<String> expected = prefill(kafka, n);
            AlertsConfig config = AlertsConfig.defaults(kafka.topics(), "alerts_sent_bench", "alerts-bench")
                .withGrouping(groupBy, window);
            AlertService svc = new AlertService(config, kafka, new SmtpAlertSender(
                SmtpConfig.local("127.0.0.1", smtpPort, "fraudwatch@example.org", List.of("analyst@example.org"))));
            long t0 = System.nanoTime();
            svc.start();
            long firstMail = 0;
            long lastReport = t0;
            int mails = 0;
            while (mails < n) {
                Thread.sleep(250);
                mails = smtp.getReceivedMessages().length;
                long now = System.nanoTime();
                if (firstMail == 0 && mails > 0) {
                    firstMail = now;
                }
                if (now - lastReport > 5_000_000_000L) {
                    System.out.printf(Locale.ROOT, "[bench] %6.1f s: %,d mails, %,d waiting%n", (now - t0) / 1e9,
                        mails, svc.waiting());
                    lastReport = now;
                }
                if (!svc.isRunning()) {
                    throw new IllegalStateException("the alert engine stopped", svc.failure());
                }
            }
            long end = System.nanoTime();
            svc.close();
            MimeMessage[] all = smtp.getReceivedMessages();
            int alerts = check(all, expected);
            double sending = (end - firstMail) / 1e9;
            System.out.printf(Locale.ROOT, "[bench] N=%,d group-by=%s window=%s: %,d mails / %,d alerts in %.1f s"
                    + " from start (first mail after %.1f s); from the first mail %.1f s: %.0f mails/s,"
                    + " %.0f alerts/s%n",
                n, groupBy, window, all.length, alerts, (end - t0) / 1e9, (firstMail - t0) / 1e9, sending,
                all.length / sending, alerts / sending);
        } finally {
            smtp.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Set<String> prefill(KafkaSettings kafka, int n) {
        Set<String> ids = new HashSet<>();
        Properties props = KafkaClients.reliableProducer(kafka.clientProps());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
            for (int i = 0; i < n; i++) {
                BlockedCustomer b = Fixtures.blocked(Fixtures.account(i), 60_000 + i, "Amount exceeds $50,000");
                ids.add(b.transactionId());
                p.send(new ProducerRecord<>(kafka.topics().blockedCustomers(),
                    b.accountNumber().getBytes(StandardCharsets.UTF_8), Json.toBytes(b)));
            }
            p.flush();
        }
        return ids;
    }

    /** Alerts in the mails; fails unless each expected transaction is under exactly one Message-ID, no other. */
    private static int check(MimeMessage[] all, Set<String> expected) throws MessagingException {
        Set<String> messageIds = new HashSet<>();
        Set<String> seen = new HashSet<>();
        int alerts = 0;
        for (MimeMessage m : all) {
            if (!messageIds.add(m.getMessageID())) {
                throw new IllegalStateException("Message-ID " + m.getMessageID() + " received twice");
            }
            for (String id : m.getHeader("X-FraudWatch-Transactions", null).split(",")) {
                alerts++;
                if (!expected.contains(id) || !seen.add(id)) {
                    throw new IllegalStateException("transaction " + id + " unexpected or in two mails");
                }
            }
        }
        if (!seen.equals(expected)) {
            throw new IllegalStateException((expected.size() - seen.size()) + " transactions not mailed");
        }
        return alerts;
    }
}
