package dev.fraudwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;
import dev.fraudwatch.simulator.TransactionGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detection job on the local multi-process cluster (1 JobManager + 2 TaskManager JVMs, 3 KRaft broker JVMs,
 * topics of 6 partitions replicated 3 times), submitted through Flink's REST API as a user would. One cluster for
 * the class: starting it is most of the run time.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterIT.class);
    private static final String ENTRY_CLASS = "dev.fraudwatch.detector.FraudDetectionJob";
    private static final Duration JOB_START = Duration.ofMinutes(3);
    private static final long SEED = 6;
    private static final int COUNT = 3000;
    private static final double RATE = 100;

    private static LocalCluster cluster;
    private static Path jobJar;

    @BeforeAll
    static void startCluster() throws IOException {
        jobJar = Path.of(System.getProperty("fraudwatch.detector.jar",
            "../detector/target/fraudwatch-detector-0.1.0-SNAPSHOT-job.jar"));
        assertThat(jobJar).as("the detector's job jar; build it first: mvn -pl detector -am package -DskipTests")
            .isRegularFile();
        Path dir = Path.of("target", "local-cluster-it");
        deleteRecursively(dir);
        long t0 = System.nanoTime();
        cluster = LocalCluster.start(ClusterConfig.withFreePorts(dir, 3));
        LOG.info("Cluster started in {} s", (System.nanoTime() - t0) / 1_000_000_000);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void savepointUpgradeKeepsEachAccountsState() throws Exception {
        String suffix = KafkaBrokerExtension.uniqueSuffix();
        KafkaSettings kafka = topics(suffix);
        String job = submit(kafka, suffix, null);
        int n = Math.floorMod(suffix.hashCode(), 1_000_000_000);
        String account = String.format("ACC%010d", n);
        LocalDateTime t0 = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
             CommittedTopic risk = new CommittedTopic(kafka.bootstrapServers(), kafka.topics().customerRisk());
             CommittedTopic blocked = new CommittedTopic(kafka.bootstrapServers(), kafka.topics().blockedCustomers())) {
            for (int i = 0; i < 3; i++) {
                send(producer, kafka, tx(account, txId(n, i), 100 + i * 10, t0.plusSeconds(i)));
            }
            String large = txId(n, 3);
            send(producer, kafka, tx(account, large, 60_000, t0.plusSeconds(3)));
            await().atMost(Duration.ofMinutes(2)).until(() -> totalTxns(risk, account) == 4
                && ids(blocked).contains(large));

            String savepoint = cluster.flink().stopWithSavepoint(job,
                cluster.savepointDir().toAbsolutePath().toUri().toString(), Duration.ofMinutes(2));
            LOG.info("Savepoint {}", savepoint);
            String upgraded = submit(kafka, suffix, savepoint);

            String after = txId(n, 4);
            send(producer, kafka, tx(account, after, 120, t0.plusSeconds(10)));
            // Total_Txns continues from the savepoint (a fresh job would count 1), and the block set by the large
            // transaction still holds: a 120.00 payment of that account is blocked because of it.
            await().atMost(Duration.ofMinutes(2)).until(() -> totalTxns(risk, account) == 5
                && ids(blocked).contains(after));
            JsonNode afterBlock = blocked.poll().stream()
                .filter(b -> after.equals(b.path("Transaction ID").asText())).findFirst().orElseThrow();
            assertThat(afterBlock.path("Reason").asText()).startsWith("Account blocked since");
            cancel(upgraded);
        }
    }

    @Test
    @Order(2)
    void everyBlockedDecisionArrivesExactlyOnceThroughTaskManagerAndBrokerLoss() throws Exception {
        String suffix = KafkaBrokerExtension.uniqueSuffix();
        KafkaSettings kafka = topics(suffix);
        String job = submit(kafka, suffix, null);
        assertThat(cluster.flink().taskManagersOf(job)).as("the job's tasks are spread over both TaskManagers")
            .hasSize(2);

        SimulatorConfig sim = SimulatorConfig.defaults().withSeed(SEED).withCount(COUNT).withRate(RATE)
            .withSimulatedClock(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS))
            .withProgressInterval(Duration.ZERO);
        Set<String> expected = overFiftyThousand(sim);
        assertThat(expected).as("the seeded simulation has blocked-by-amount transactions").hasSizeGreaterThan(3);

        Simulator simulator = new Simulator(sim, kafka);
        CompletableFuture<SendReport> run = CompletableFuture.supplyAsync(simulator::run);
        await().atMost(Duration.ofMinutes(2)).until(() -> simulator.delivered() >= COUNT / 3);
        cluster.killTaskManager(0);
        await().atMost(Duration.ofMinutes(2)).until(() -> simulator.delivered() >= 2 * COUNT / 3);
        cluster.killBroker(1);
        SendReport report = run.get(5, TimeUnit.MINUTES);
        assertThat(report.failed()).isZero();
        assertThat(report.delivered()).isEqualTo(COUNT);

        try (CommittedTopic blocked = new CommittedTopic(kafka.bootstrapServers(), kafka.topics().blockedCustomers())) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids(blocked).containsAll(expected));
            // Two more checkpoints' worth of output: a duplicate from a replayed attempt would have arrived by now.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .until(() -> duplicates(blocked).isEmpty());
            LOG.info("{} blocked records, {} of them over 50,000", blocked.poll().size(), expected.size());
        }
        List<String> failures = cluster.flink().exceptionHistory(job);
        LOG.info("Failures the job recovered from: {}", failures);
        assertThat(failures).as("the job failed over (and recovered) at least once").isNotEmpty();
        cluster.restartBroker(1);
        cancel(job);
    }

    /** Cancels and waits until the job's slots are free again, so the next test's job gets both TaskManagers. */
    private static void cancel(String job) {
        cluster.flink().cancel(job);
        await().atMost(Duration.ofMinutes(1)).until(() -> "CANCELED".equals(cluster.flink().job(job).path("state")
            .asText()) && cluster.flink().overview().path("slots-available").asInt()
            == cluster.flink().overview().path("slots-total").asInt());
    }

    private static KafkaSettings topics(String suffix) {
        Topics topics = Topics.defaults().withSuffix(suffix);
        cluster.createTopics(topics);
        return cluster.kafkaSettings(topics);
    }

    private static String submit(KafkaSettings kafka, String suffix, String savepoint) {
        Settings s = Settings.of(Map.of("kafka.topic.suffix", suffix,
            "detector.transactional.id.prefix", "fw-it-" + suffix, "detector.consumer.group", "fw-it-" + suffix));
        List<String> args = JobSubmission.programArgs(s, kafka, 2,
            Optional.of(cluster.config().dir().resolve("flink").resolve("checkpoints")));
        FlinkRestClient flink = cluster.flink();
        long t0 = System.nanoTime();
        String job = flink.submit(jobJar, ENTRY_CLASS, args, 2, savepoint);
        flink.waitUntilRunning(job, JOB_START);
        LOG.info("Job {} running {} s after submission", job, (System.nanoTime() - t0) / 1_000_000_000);
        return job;
    }

    /** The blocked decisions the seed must produce, computed without Flink: the original's amount rule. */
    private static Set<String> overFiftyThousand(SimulatorConfig sim) {
        TransactionGenerator generator = new TransactionGenerator(sim);
        Set<String> out = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            Transaction t = generator.next().transaction();
            if (t.currentTransactionAmount() > 50_000) {
                out.add(t.transactionId());
            }
        }
        return out;
    }

    private static Set<String> ids(CommittedTopic blocked) {
        Set<String> out = new HashSet<>();
        blocked.poll().forEach(b -> out.add(b.path("Transaction ID").asText()));
        return out;
    }

    private static Set<String> duplicates(CommittedTopic blocked) {
        Map<String, Integer> counts = new HashMap<>();
        blocked.poll().forEach(b -> counts.merge(b.path("Transaction ID").asText(), 1, Integer::sum));
        Set<String> out = new HashSet<>();
        counts.forEach((id, n) -> {
            if (n > 1) {
                out.add(id);
            }
        });
        return out;
    }

    private static long totalTxns(CommittedTopic risk, String account) {
        long latest = -1;
        for (JsonNode r : risk.poll()) {
            if (account.equals(r.path("Account Number").asText())) {
                latest = r.path("Total_Txns").asLong();
            }
        }
        return latest;
    }

    /** Contract format: TRN and 11 digits; unique per test run and sequence number. */
    private static String txId(int run, int seq) {
        return String.format("TRN%09d%02d", run, seq);
    }

    private static Transaction tx(String account, String id, double amount, LocalDateTime time) {
        return TransactionBuilder.transaction().accountNumber(account).transactionId(id).amount(amount)
            .time(TransactionTime.formatMicros(time)).build();
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaSettings kafka) {
        Properties p = kafka.clientProps();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, KafkaSettings kafka, Transaction t)
        throws Exception {
        producer.send(new ProducerRecord<>(kafka.topics().transactions(),
            t.accountNumber().getBytes(StandardCharsets.UTF_8), Json.toBytes(t))).get(30, TimeUnit.SECONDS);
    }
}
