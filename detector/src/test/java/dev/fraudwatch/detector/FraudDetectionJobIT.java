package dev.fraudwatch.detector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import dev.fraudwatch.rules.AccountBlock;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.DecisionEngine;
import dev.fraudwatch.rules.RuleConfig;
import dev.fraudwatch.rules.RuleSet;
import dev.fraudwatch.rules.RulesSettings;
import dev.fraudwatch.rules.rule.LargeAmountRule;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detection job end to end on a Flink MiniCluster (parallelism 2) and a real Kafka broker, through the
 * production service ({@link DetectorService}: Kafka endpoints, at-least-once decision sink, exactly-once
 * analytics sinks, checkpoint recovery). One story in one test, to stay within the time budget: transactions in
 * three phases with a restart from checkpoint between the first two, a rule change between the second and third, a
 * malformed record, a bad rule set, a repeated transaction id and a late transaction. Expected alerts come from the rules' own pure engine; expected analytics from a plain Java
 * rendering of the contract ({@link ReferenceAnalytics}).
 */
class FraudDetectionJobIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private final List<Transaction> sent = new ArrayList<>();
    /** Follow-up alerts the rules engine expects about earlier, allowed transactions (burst starts), by id. */
    private final Map<String, FraudAlert> retroactive = new HashMap<>();
    private final Map<String, Decision> expected = new LinkedHashMap<>();
    private final Map<String, AccountHistory> histories = new HashMap<>();
    private final Map<String, AccountBlock> blocks = new HashMap<>();

    @Test
    void decidesAnalysesRecoversAndAppliesRuleChangesLosingAndDoubleCountingNothing() throws Exception {
        KafkaSettings kafka = KAFKA.newTopics();
        Topics topics = kafka.topics();
        String suffix = KafkaBrokerExtension.uniqueSuffix();
        DetectorConfig config = DetectorConfig.from(Settings.of(Map.of(
            "data.dir", data.toString(),
            "flink.parallelism", "2",
            "flink.web.port", "-1",
            "detector.checkpoint.interval.ms", "1500",
            "detector.idleness.ms", "1000",
            "detector.consumer.group", "detector-" + suffix,
            "detector.transactional.id.prefix", "detector-" + suffix)));
        RuleSet v1 = RuleSet.defaults().resolved();
        RuleSet v2 = RuleSet.defaults().with(LargeAmountRule.ID,
            new RuleConfig(null, null, Map.of(LargeAmountRule.THRESHOLD, 20_000.0))).resolved();

        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer();
             TopicTail alerts = new TopicTail(KAFKA.bootstrapServers(), topics.fraudAlerts(), true);
             TopicTail uncommittedAlerts = new TopicTail(KAFKA.bootstrapServers(), topics.fraudAlerts(), false);
             TopicTail blocked = new TopicTail(KAFKA.bootstrapServers(), topics.blockedCustomers(), true);
             TopicTail dashboard = new TopicTail(KAFKA.bootstrapServers(), topics.fraudDashboard(), true);
             TopicTail risk = new TopicTail(KAFKA.bootstrapServers(), topics.customerRisk(), true);
             TopicTail deadLetters = new TopicTail(KAFKA.bootstrapServers(), topics.deadLetter(), true)) {

            // --- run 1: phase 1, then phase 1b cut short by cancelling the job -----------------------------
            DetectorService first = service(config, kafka);
            first.start();
            assertThat(first.restoredFrom()).isEmpty();
            producer.send(new ProducerRecord<>(topics.transactions(), null, "this is not json".getBytes()));
            producer.send(new ProducerRecord<>(topics.rules(), "rules".getBytes(), "{\"version\": 7, ".getBytes()));
            send(producer, topics, phase1(), v1);
            alerts.awaitCount(nonAllow(), WAIT);
            // Decisions are visible at once (at-least-once sink); the dead-letter sink is transactional, so its
            // first committed record proves a checkpoint completed and the second run has one to resume from.
            deadLetters.awaitCount(1, WAIT);
            List<Transaction> phase1b = phase1b();
            send(producer, topics, phase1b, v1);
            // Cancel while phase 1b's output is written but (very likely) not yet committed by a checkpoint.
            Set<String> ids1b = phase1b.stream().map(Transaction::transactionId).collect(Collectors.toSet());
            uncommittedAlerts.awaitValue(v -> ids1b.contains(Json.fromString(v, FraudAlert.class).transactionId()),
                WAIT);
            first.close();

            // --- run 2: resumes from the retained checkpoint; then the rule change, phase 2, late, pusher ---
            DetectorService second = service(config, kafka);
            second.start();
            try {
                assertThat(second.restoredFrom()).as("resumed from a retained checkpoint").isPresent();
                // The first run's decisions of phase 1b may already be visible (at-least-once sink), so they cannot
                // tell that the replay is done; the transactional customer_risk upserts (one per transaction) can.
                risk.awaitCount(sent.size(), WAIT);
                alerts.awaitCount(nonAllow(), WAIT);
                producer.send(new ProducerRecord<>(topics.rules(), "rules".getBytes(), RuleSet.defaults()
                    .with(LargeAmountRule.ID, new RuleConfig(null, null, Map.of(LargeAmountRule.THRESHOLD, 20_000.0)))
                    .toJson()));
                producer.flush();
                List<Transaction> probes = probeUntilRuleChangeApplies(producer, topics, blocked);
                recordProbes(probes, alerts, v1, v2);
                send(producer, topics, phase2(), v2);
                // A producer retry of an already decided transaction, with a changed amount: dead-lettered, and
                // neither decided (it would block at 99,999) nor counted again.
                Transaction repeat = TransactionBuilder.from(sent.get(0)).amount(99_999).build();
                producer.send(new ProducerRecord<>(topics.transactions(),
                    repeat.accountNumber().getBytes(StandardCharsets.UTF_8), Json.toBytes(repeat)));
                producer.flush();
                // The 12:00 window must have closed before the late transaction comes.
                dashboard.awaitValue(v -> v.contains("\"win_start\":\"2025-03-01 12:00:00\""), WAIT);
                Transaction late = tx(5, "2025-03-01 12:00:40.000000", 600, "Visa", Transaction.NO_FRAUD);
                send(producer, topics, List.of(late), v2);
                // The next transaction (12:03:00) alone moves the watermark past the 12:01 window's end, as soon as
                // the other partitions are idle (detector.idleness.ms, 1 s here; they have been quiet for 3 s
                // before phase 2). Each partition's watermark is held back only by records its reader has already
                // emitted: a phase 2 record still unread, or in flight, when that watermark passes would be late
                // (dropped from the dashboard, dead-lettered). So it is sent only once every transaction so far is
                // decided: its customer_risk upsert committed means a checkpoint has carried it through the
                // window's aggregation. Sent at once, it raced the readers of the other partitions.
                risk.awaitCount(sent.size(), WAIT);
                send(producer, topics, List.of(tx(13, "2025-03-01 12:03:00.000000", 100, "Visa",
                    Transaction.NO_FRAUD)), v2);

                assertAlertsAndBlocks(alerts, blocked, ids1b);
                assertAnalytics(dashboard, risk, late);
                assertDeadLetters(deadLetters, topics, late, repeat);
            } finally {
                second.close();
            }
        }
    }

    private DetectorService service(DetectorConfig config, KafkaSettings kafka) {
        return new DetectorService(config, RulesSettings.defaults(), kafka,
            StreamExecutionEnvironment::getExecutionEnvironment);
    }

    // ------------------------------------------------------------------ data

    private static final List<String> CARDS = List.of("Visa", "MasterCard", "American Express");

    private List<Transaction> phase1() {
        List<Transaction> out = new ArrayList<>();
        for (int a = 1; a <= 8; a++) {
            out.add(tx(a, "2025-03-01 12:00:0" + (a % 4) + ".250000", 400 + 50 * a, CARDS.get(a % 3),
                Transaction.NO_FRAUD));
        }
        out.add(tx(9, "2025-03-01 12:00:02.500000", 75_000, "Visa", Transaction.NO_FRAUD));
        out.add(tx(10, "2025-03-01 12:00:03.000000", 800, "MasterCard", "Different Country: France"));
        out.add(tx(11, "2025-03-01 12:00:03.500000", 15_000, "American Express", Transaction.NO_FRAUD));
        return out;
    }

    private List<Transaction> phase1b() {
        List<Transaction> out = new ArrayList<>();
        for (int a = 1; a <= 8; a++) {
            out.add(tx(a, "2025-03-01 12:00:3" + (a % 4) + ".125000", 600 + 25 * a, CARDS.get((a + 1) % 3),
                Transaction.NO_FRAUD));
        }
        out.add(tx(9, "2025-03-01 12:00:32.000000", 300, "Visa", Transaction.NO_FRAUD));
        out.add(tx(10, "2025-03-01 12:00:33.000000", 60_000, "MasterCard", Transaction.NO_FRAUD));
        out.add(tx(12, "2025-03-01 12:00:33.500000", 700, "Visa", "Different IP Address: 10.9.9.9"));
        return out;
    }

    private List<Transaction> phase2() {
        List<Transaction> out = new ArrayList<>();
        for (int a = 1; a <= 8; a++) {
            double amount = a == 3 ? 30_000 : a == 4 ? 25_000 : 700 + 10 * a;
            out.add(tx(a, "2025-03-01 12:01:1" + (a % 4) + ".500000", amount, CARDS.get((a + 2) % 3),
                a == 6 ? "Unusual Transaction Amount: 760.0" : Transaction.NO_FRAUD));
        }
        out.add(tx(9, "2025-03-01 12:01:12.000000", 500, "Visa", Transaction.NO_FRAUD));
        out.add(tx(11, "2025-03-01 12:01:13.000000", 900, "American Express", Transaction.NO_FRAUD));
        return out;
    }

    private static Transaction tx(int account, String time, double amount, String card, String flags) {
        return txFor(String.format("ACC%010d", account), "Customer " + account, time, amount, card, flags);
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static Transaction txFor(String account, String name, String time, double amount, String card,
                                     String flags) {
        return TransactionBuilder.transaction()
            .accountNumber(account).name(name)
            .transactionId(String.format("TRN%011d", IDS.incrementAndGet()))
            .time(time).amount(amount).cardType(card).fraudFlags(flags)
            .device(amount > 10_000 ? "Laptop (Web Browser)" : "Smartphone (Mobile Banking App)")
            .build();
    }

    /** Sends (keyed by account, so each account's order holds) and records what the rules engine expects. */
    private void send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<Transaction> txs, RuleSet rules) {
        for (Transaction t : txs) {
            producer.send(new ProducerRecord<>(topics.transactions(), t.accountNumber().getBytes(StandardCharsets.UTF_8),
                Json.toBytes(t)));
            sent.add(t);
            if (rules != null) {
                expected.put(t.transactionId(), decide(t, rules));
            }
        }
        producer.flush();
    }

    private Decision decide(Transaction t, RuleSet rules) {
        AccountHistory h = histories.computeIfAbsent(t.accountNumber(), k -> new AccountHistory());
        DecisionEngine.Step step = DecisionEngine.step(t, h, blocks.get(t.accountNumber()), rules);
        if (step.retroactive() != null) {
            retroactive.put(step.retroactive().transactionId(), step.retroactive());
        }
        if (step.block() == null) {
            blocks.remove(t.accountNumber());
        } else {
            blocks.put(t.accountNumber(), step.block());
        }
        return step.decision();
    }

    /**
     * The rule change reaches the job asynchronously (broadcast); probes (30,000 on fresh accounts: blocked only
     * under the new rules) are sent until one is blocked, which proves the new rules are in force.
     */
    private List<Transaction> probeUntilRuleChangeApplies(KafkaProducer<byte[], byte[]> producer, Topics topics,
                                                          TopicTail blocked) {
        List<Transaction> probes = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(700)).until(() -> {
            Transaction p = txFor(String.format("ACC%010d", 900 + probes.size()), "Probe " + probes.size(),
                String.format("2025-03-01 12:01:05.%06d", probes.size() * 1000), 30_000, "Visa",
                Transaction.NO_FRAUD);
            probes.add(p);
            send(producer, topics, List.of(p), null);
            Set<String> ids = probes.stream().map(Transaction::transactionId).collect(Collectors.toSet());
            return blocked.poll().stream().anyMatch(r -> ids.contains(TopicTail.text(r.key())));
        });
        return probes;
    }

    /** A probe was decided under v1 or v2; which one, the job's output says. It must be one of the two. */
    private void recordProbes(List<Transaction> probes, TopicTail alerts, RuleSet v1, RuleSet v2) {
        Map<String, FraudAlert> seen = alertsById(alerts.settle(Duration.ofSeconds(3)));
        for (Transaction p : probes) {
            Decision under1 = DecisionEngine.step(p, new AccountHistory(), null, v1).decision();
            Decision under2 = DecisionEngine.step(p, new AccountHistory(), null, v2).decision();
            FraudAlert a = seen.get(p.transactionId());
            FraudAlert.Decision actual = a == null ? FraudAlert.Decision.ALLOW : a.decision();
            assertThat(actual).isIn(under1.decision(), under2.decision());
            expected.put(p.transactionId(), actual == under2.decision() ? under2 : under1);
        }
        assertThat(expected.get(probes.get(probes.size() - 1).transactionId()).decision())
            .isEqualTo(FraudAlert.Decision.BLOCK);
    }

    private int nonAllow() {
        return (int) expected.values().stream().filter(d -> d.decision() != FraudAlert.Decision.ALLOW).count();
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Decisions are written at least once: every REVIEW/BLOCK transaction's alert (and every BLOCK's blocked record)
     * is there with exactly the expected content, nothing else is, and only records written after the last
     * checkpoint before the cancel ({@code replayable}: phase 1b) may be there twice.
     */
    private void assertAlertsAndBlocks(TopicTail alerts, TopicTail blocked, Set<String> replayable) {
        List<Decision> flaggedByRules = expected.values().stream()
            .filter(d -> d.decision() != FraudAlert.Decision.ALLOW).toList();
        List<Decision> blocks = flaggedByRules.stream().filter(d -> d.decision() == FraudAlert.Decision.BLOCK).toList();
        assertThat(blocks).extracting(d -> d.transaction().accountNumber())
            .contains("ACC0000000009", "ACC0000000010", "ACC0000000003", "ACC0000000004");
        alerts.awaitCount(flaggedByRules.size(), WAIT);
        blocked.awaitCount(blocks.size(), WAIT);
        List<ConsumerRecord<byte[], byte[]>> alertRecords = alerts.settle(Duration.ofSeconds(4));
        List<ConsumerRecord<byte[], byte[]>> blockRecords = blocked.settle(Duration.ZERO);

        Map<String, FraudAlert> byId = alertsById(alertRecords);
        assertRepeatsOnlyAmong(alertRecords, replayable);
        assertThat(byId).hasSize(flaggedByRules.size() + retroactive.size());
        retroactive.forEach((id, want) -> {
            FraudAlert a = byId.get(id);
            assertThat(a).as("retroactive alert for %s", id).isNotNull();
            assertThat(a).isEqualTo(Json.fromBytes(Json.toBytes(new FraudAlert(want.transactionId(),
                want.accountNumber(), want.name(), want.currentTransactionAmount(), want.transactionTime(),
                want.decision(), want.riskScore(), want.firedRules(), a.decidedAt())), FraudAlert.class));
        });
        for (Decision d : flaggedByRules) {
            FraudAlert a = byId.get(d.transaction().transactionId());
            assertThat(a).as("alert for %s", d.transaction().transactionId()).isNotNull();
            FraudAlert want = d.toAlert(a.decidedAt());
            assertThat(a).isEqualTo(Json.fromBytes(Json.toBytes(want), FraudAlert.class));
        }
        assertRepeatsOnlyAmong(blockRecords, replayable);
        Map<String, BlockedCustomer> blockedById = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : blockRecords) {
            BlockedCustomer b = Json.fromBytes(r.value(), BlockedCustomer.class);
            assertThat(TopicTail.text(r.key())).isEqualTo(b.transactionId());
            blockedById.put(b.transactionId(), b);
        }
        assertThat(blockedById).hasSize(blocks.size());
        for (Decision d : blocks) {
            BlockedCustomer b = blockedById.get(d.transaction().transactionId());
            assertThat(b).isEqualTo(Json.fromBytes(Json.toBytes(d.toBlocked(b.blockedAt())), BlockedCustomer.class));
        }
        // the original's reason, field for field, for the original's rule
        assertThat(blockedById.values()).filteredOn(b -> b.currentTransactionAmount() > 50_000)
            .extracting(BlockedCustomer::reason).containsOnly(BlockedCustomer.AMOUNT_REASON);
    }

    private void assertAnalytics(TopicTail dashboard, TopicTail risk, Transaction late) {
        List<ReferenceAnalytics.Flagged> flagged = new ArrayList<>();
        for (Transaction t : sent) {
            flagged.add(new ReferenceAnalytics.Flagged(t, expected.get(t.transactionId()).flagged()));
        }
        Map<String, CustomerRisk> wantRisk = ReferenceAnalytics.customerRisk(flagged);
        // one upsert per transaction: exactly-once across the restart, nothing replayed twice
        List<ConsumerRecord<byte[], byte[]>> riskRecords = risk.awaitCountOrTimeout(sent.size(), WAIT);
        riskRecords = risk.settle(Duration.ofSeconds(2));
        assertThat(riskRecords).hasSize(sent.size());
        Map<String, CustomerRisk> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : riskRecords) {
            JsonNode key = Json.fromBytes(r.key(), JsonNode.class);
            CustomerRisk c = Json.fromBytes(r.value(), CustomerRisk.class);
            assertThat(key.get("Account Number").asText()).isEqualTo(c.accountNumber());
            latest.put(c.accountNumber(), c);
        }
        assertThat(latest).isEqualTo(wantRisk);

        List<ReferenceAnalytics.Flagged> onTime = flagged.stream()
            .filter(f -> f.transaction() != late).toList();
        List<DashboardMetric> wantDashboard =
            ReferenceAnalytics.dashboard(onTime, ReferenceAnalytics.time("2025-03-01 12:02:55"));
        List<ConsumerRecord<byte[], byte[]>> dashRecords = dashboard.awaitCountOrTimeout(wantDashboard.size(), WAIT);
        dashRecords = dashboard.settle(Duration.ofSeconds(2));
        assertThat(dashRecords.stream().map(r -> Json.fromBytes(r.value(), DashboardMetric.class)).toList())
            .containsExactlyInAnyOrderElementsOf(wantDashboard);
    }

    private static void assertRepeatsOnlyAmong(List<ConsumerRecord<byte[], byte[]>> records, Set<String> replayable) {
        Map<String, Long> perId = records.stream()
            .collect(Collectors.groupingBy(r -> TopicTail.text(r.key()), Collectors.counting()));
        perId.forEach((id, n) -> {
            if (n > 1) {
                assertThat(replayable).as("%s written %d times", id, n).contains(id);
            }
            assertThat(n).as(id).isLessThanOrEqualTo(2);
        });
    }

    private void assertDeadLetters(TopicTail deadLetters, Topics topics, Transaction late, Transaction repeat) {
        List<ConsumerRecord<byte[], byte[]>> dlq = deadLetters.awaitCountOrTimeout(4, WAIT);
        dlq = deadLetters.settle(Duration.ofSeconds(1));
        assertThat(dlq).hasSize(4);
        Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            assertThat(TopicTail.header(r, Headers.DLQ_SOURCE)).isEqualTo(DeadLetter.SOURCE);
            String reason = TopicTail.header(r, Headers.DLQ_REASON);
            byOrigin.put(reason.startsWith(DeadLetter.LATE) ? "late" : reason.startsWith(DeadLetter.DUPLICATE)
                ? "duplicate" : TopicTail.header(r, Headers.DLQ_ORIGIN_TOPIC), r);
        }
        var notJson = byOrigin.get(topics.transactions());
        assertThat(TopicTail.text(notJson.value())).isEqualTo("this is not json");
        assertThat(TopicTail.header(notJson, Headers.DLQ_REASON)).startsWith("not JSON");
        var badRules = byOrigin.get(topics.rules());
        assertThat(TopicTail.header(badRules, Headers.DLQ_REASON)).startsWith("not a rule set");
        var lateRecord = byOrigin.get("late");
        assertThat(TopicTail.header(lateRecord, Headers.DLQ_ORIGIN_TOPIC)).isEqualTo(topics.transactions());
        assertThat(Json.fromBytes(lateRecord.value(), Transaction.class)).isEqualTo(late);
        var duplicate = byOrigin.get("duplicate");
        assertThat(duplicate).as("the repeated transaction id is dead-lettered").isNotNull();
        assertThat(Json.fromBytes(duplicate.value(), Transaction.class)).isEqualTo(repeat);
        assertThat(TopicTail.header(duplicate, Headers.DLQ_FIELD)).isEqualTo("Transaction ID");
    }

    private static Map<String, FraudAlert> alertsById(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, FraudAlert> out = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            FraudAlert a = Json.fromBytes(r.value(), FraudAlert.class);
            assertThat(TopicTail.text(r.key())).isEqualTo(a.transactionId());
            keys.add(a.transactionId());
            out.put(a.transactionId(), a);
        }
        return out;
    }
}
