package dev.fraudwatch.faults;

import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.es.EmbeddedElasticsearch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FraudWatch under faults, against real engines: a KRaft broker in its own process, a real Elasticsearch node,
 * GreenMail SMTP, and {@code fraudwatch up --external} in its own JVM. Seeded traffic (simulator transactions,
 * 10,000 malformed, repeated or hostile records) goes in one chunk per fault; after each fault the exact outcome
 * of everything sent so far is checked ({@link OutcomeCheck}): (a) the broker is SIGKILLed and restarted on its
 * log directory, (b) Elasticsearch is stopped for 30 s, (c) the SMTP server is down for 30 s, (d) the FraudWatch
 * process is SIGKILLed while it works through a chunk and started again on the same data directory.
 */
class FaultInjectionIT {

    static final long SEED = 42;
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final Duration SETTLE = Duration.ofMinutes(2);

    /** 16,000 transactions; 9,400 bad records, 500 repeats and 100 hostile names: 10,000 hostile records. */
    static Traffic traffic() {
        return Traffic.generate(SEED, 5, 16_000, 500, 9_400, 100, 10, 100);
    }

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final long t0 = System.nanoTime();

    @Test
    void everyBlockIsStoredListedAndMailedOnceAndEveryBadRecordDeadLetteredThroughFaults() throws Exception {
        Traffic traffic = traffic();
        Path dir = Files.createTempDirectory("fw-faults-", // Elasticsearch may run as another user (root CI)
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            BrokerProcess broker = closing(new BrokerProcess(Files.createDirectories(dir.resolve("kafka"))));
            EmbeddedElasticsearch es = new EmbeddedElasticsearch(EmbeddedElasticsearch.Config.local(
                dir.resolve("elasticsearch"), Ports.freePort()));
            toClose.push(es::stop);
            Mailbox mailbox = closing(new Mailbox());
            mailbox.start();
            CompletableFuture<Void> esStarted = CompletableFuture.runAsync(() -> start(es));
            broker.start();
            esStarted.join();
            int webPort = Ports.freePort();
            List<String> upArgs = upArgs(dir, broker.bootstrapServers(), es.url(), mailbox.port(), webPort);
            ChildJvm up = startUp(dir, upArgs);
            log("up ready");

            KafkaProducer<byte[], byte[]> producer = closing(producer(broker.bootstrapServers()));
            OutcomeCheck check = closing(new OutcomeCheck(traffic, broker.bootstrapServers(), es.url(),
                "http://127.0.0.1:" + webPort, mailbox));

            // (a) the Kafka broker is killed while the pipeline works through chunk 0, then restarted
            send(producer, traffic.chunks.get(0));
            broker.kill();
            log("broker killed");
            broker.start();
            log("broker restarted");
            settle(check, 1, up);

            // (b) Elasticsearch stopped for 30 s while chunk 1 flows
            es.stop();
            log("Elasticsearch stopped");
            send(producer, traffic.chunks.get(1));
            Thread.sleep(OUTAGE.toMillis());
            es.start();
            log("Elasticsearch restarted");
            settle(check, 2, up);

            // (c) SMTP server down for 30 s while chunk 2 flows, then back on the same port
            mailbox.stop();
            log("SMTP stopped");
            send(producer, traffic.chunks.get(2));
            Thread.sleep(OUTAGE.toMillis());
            mailbox.start();
            log("SMTP restarted");
            settle(check, 3, up);

            // (d) kill -9 of FraudWatch while chunk 3 is being sent and decided, then `up` again on the same data
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendSlowly(producer,
                traffic.chunks.get(3), Duration.ofSeconds(8)));
            var chunk3Blocks = traffic.blockedThrough(4);
            chunk3Blocks.removeAll(traffic.blockedThrough(3));
            await("part of chunk 3 decided").atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() ->
                decidedAmong(broker.bootstrapServers(), chunk3Blocks) >= chunk3Blocks.size() / 3);
            up.kill();
            log("up killed (-9) mid-chunk, chunk 3 sending done: " + sending.isDone());
            sending.join();
            up = startUp(dir, upArgs);
            log("up restarted");
            send(producer, traffic.chunks.get(4));
            settle(check, 5, up);
            check.assertCustomerRisk();
            List<Mailbox.Mail> mails = mailbox.mails();
            log(String.format("all checked: %d blocked (blocked_customers topic holds %d records), %d bad records, "
                    + "%d repeats, %d hostile names, %d late copies dead-lettered; %d mails (%d distinct Message-IDs); "
                + "mails received more than once (identical resends, by Message-ID: copies): %s",
                traffic.blocked.size(), check.blockedRecordsInTopic, traffic.count(Traffic.Kind.BAD),
                traffic.count(Traffic.Kind.DUPLICATE), traffic.count(Traffic.Kind.HOSTILE_VALID), check.lateCopies,
                mails.size(), mails.stream().map(Mailbox.Mail::messageId).distinct().count(), check.resentMails));
        } finally {
            while (!toClose.isEmpty()) {
                try {
                    toClose.pop().close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
            deleteTree(dir);
        }
    }

    private static List<String> upArgs(Path dir, String bootstrap, String esUrl, int smtpPort, int webPort) {
        return List.of("up", "--external", "--no-simulator", "--data-dir", dir.resolve("fraudwatch").toString(),
            "--bootstrap-servers", bootstrap, "--elasticsearch", esUrl,
            "--set", "smtp.server=127.0.0.1", "--set", "smtp.port=" + smtpPort, "--set", "smtp.tls=NONE",
            "--set", "smtp.from=fraudwatch@localhost", "--set", "smtp.to=analyst@localhost",
            "--set", "web.port=" + webPort, "--set", "web.blocked.keep=" + OutcomeCheck.WEB_KEEP,
            "--set", "flink.web.port=-1",
            // shortened retries and grouping, so recovery is seen within seconds instead of a minute
            "--set", "alerts.retry.max-backoff=4s", "--set", "alerts.group-window=2s",
            "--set", "indexer.retry.max-backoff-ms=2000");
    }

    private ChildJvm startUp(Path dir, List<String> args) throws IOException {
        ChildJvm up = ChildJvm.start("up", dir, "1500m", "dev.fraudwatch.launcher.FraudWatch", args);
        toClose.push(up);
        up.awaitLine("FraudWatch is up", Duration.ofMinutes(5));
        return up;
    }

    /** Waits for the exact outcome of the first {@code chunks} chunks; on timeout shows FraudWatch's last lines. */
    private void settle(OutcomeCheck check, int chunks, ChildJvm up) {
        try {
            await("outcome of chunks 0.." + (chunks - 1)).atMost(SETTLE).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
                .untilAsserted(() -> check.assertThrough(chunks));
        } catch (ConditionTimeoutException e) {
            List<String> out = up.output();
            throw new AssertionError(e.getMessage() + "\n--- fraudwatch up output (tail):\n"
                + out.subList(Math.max(0, out.size() - 40), out.size()).stream().collect(Collectors.joining("\n")), e);
        }
        log("checked through chunk " + (chunks - 1));
    }

    private static long decidedAmong(String bootstrap, java.util.Set<String> ids) {
        try (TopicTail t = new TopicTail(bootstrap, Topics.BLOCKED_CUSTOMERS, false)) {
            return t.readToEnd().stream().map(r -> dev.fraudwatch.core.json.Json.fromBytes(r.value(),
                com.fasterxml.jackson.databind.JsonNode.class).path("Transaction ID").asText())
                .filter(ids::contains).distinct().count();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, List<Traffic.Item> items) {
        items.forEach(i -> producer.send(new ProducerRecord<>(Topics.BANK_TRANSACTIONS, i.key(), i.value())));
        producer.flush();
    }

    private static void sendSlowly(KafkaProducer<byte[], byte[]> producer, List<Traffic.Item> items, Duration over) {
        long pauseEvery = Math.max(1, items.size() / (over.toMillis() / 50));
        for (int i = 0; i < items.size(); i++) {
            Traffic.Item item = items.get(i);
            producer.send(new ProducerRecord<>(Topics.BANK_TRANSACTIONS, item.key(), item.value()));
            if (i % pauseEvery == 0) {
                producer.flush();
                sleep(50);
            }
        }
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void start(EmbeddedElasticsearch es) {
        try {
            es.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.push(resource);
        return resource;
    }

    private void log(String what) {
        System.out.printf("[faults %6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
