package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.Decision;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original analytics on fixed rows, against results computed by hand from the contract's definitions
 * (CONTRACT.md "Analytics of the original stream job"). The rows go through the production input table
 * ({@link AnalyticsInput}), so the windows see a real event-time attribute.
 */
class FraudAnalyticsTest {

    private static final List<Row> ROWS = List.of(
        // window 12:00
        row("A", "ACC1", 100, "T01", "2025-03-01T12:00:01.123456", "Phone", "Visa", true),
        row("A", "ACC1", 20000, "T02", "2025-03-01T12:00:30", "Phone", "Visa", false),
        row("B", "ACC2", 300, "T03", "2025-03-01T12:00:40", "Laptop", "Amex", false),
        row("B", "ACC2", 700, "T04", "2025-03-01T12:00:50", "Laptop", "Visa", true),
        row("C", "ACC3", 6000, "T05", "2025-03-01T12:00:59.999", "Tablet", "Amex", false),
        // window 12:01
        row("C", "ACC3", 5000.1, "T06", "2025-03-01T12:01:05", "Tablet", "Visa", true),
        row("A", "ACC1", 60000, "T07", "2025-03-01T12:01:10", "Laptop", "Visa", true),
        row("D", "ACC4", 50, "T08", "2025-03-01T12:01:20", "Phone", "MasterCard", false),
        row("E", "ACC5", 7000, "T10", "2025-03-01T12:01:30", "Phone", "Visa", false),
        row("E", "ACC5", 4000, "T11", "2025-03-01T12:01:40", "Phone", "Visa", false),
        // window 12:02
        row("D", "ACC4", 150.5, "T09", "2025-03-01T12:02:10", "Phone", "MasterCard", false),
        row("F", "ACC6", 10, "T12", "2025-03-01T12:02:20", "Phone", "Visa", true),
        row("F", "ACC6", 20, "T13", "2025-03-01T12:02:30", "Phone", "Visa", true),
        row("F", "ACC6", 30, "T14", "2025-03-01T12:02:40", "Phone", "Visa", true));

    private static List<Row> dashboard;
    private static List<Row> riskChanges;

    @BeforeAll
    static void run() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DataStream<Row> stream = env.fromData(ROWS, AnalyticsInput.ROW_TYPE)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                .withTimestampAssigner((r, ts) -> AnalyticsInput.eventTimeMillis(r)));
        Table input = AnalyticsInput.table(tEnv, stream);
        // Both results from one job run: one job start instead of two keeps the test quick.
        CloseableIterator<Row> dash = tEnv.toDataStream(FraudAnalytics.dashboard(tEnv, input)).collectAsync();
        CloseableIterator<Row> risk = tEnv.toChangelogStream(FraudAnalytics.customerRisk(tEnv, input)).collectAsync();
        env.execute("analytics-on-fixed-rows");
        dashboard = drain(dash);
        riskChanges = drain(risk);
    }

    @Test
    void dashboardHasEveryWindowMetricComputedByHand() {
        assertThat(dashboard.stream().map(r -> AnalyticsRecords.metric(r)).toList()).containsExactlyInAnyOrder(
            metric("2025-03-01 12:00:00", DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Phone", 1),
            metric("2025-03-01 12:00:00", DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Laptop", 1),
            metric("2025-03-01 12:00:00", DashboardMetric.HIGH_RISK_TXN_COUNT, "all", 1),
            // Visa: T01 flagged, T02, T04 flagged: 2 of 3 = 66.666.. rounded half up
            metric("2025-03-01 12:00:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "Visa", 66.67),
            metric("2025-03-01 12:00:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "Amex", 0),
            metric("2025-03-01 12:01:00", DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Tablet", 1),
            metric("2025-03-01 12:01:00", DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Laptop", 1),
            metric("2025-03-01 12:01:00", DashboardMetric.HIGH_RISK_TXN_COUNT, "all", 1),
            // Visa: T06 and T07 flagged, T10 and T11 not: 50 %
            metric("2025-03-01 12:01:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "Visa", 50),
            metric("2025-03-01 12:01:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "MasterCard", 0),
            // no transaction over 10,000 in this window: no high_risk_txn_count row at all (as the original)
            metric("2025-03-01 12:02:00", DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Phone", 3),
            metric("2025-03-01 12:02:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "Visa", 100),
            metric("2025-03-01 12:02:00", DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, "MasterCard", 0));
    }

    @Test
    void customerRiskEndsWithTheOriginalLevelsPerAccount() {
        Map<String, CustomerRisk> latest = new LinkedHashMap<>();
        for (Row r : riskChanges) {
            if (r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER) {
                latest.put((String) r.getField("Account Number"), AnalyticsRecords.risk(r));
            }
        }
        assertThat(latest).containsOnlyKeys("ACC1", "ACC2", "ACC3", "ACC4", "ACC5", "ACC6");
        // largest amount 60,000 > 10,000: High, although only 2 flagged
        assertThat(latest.get("ACC1")).isEqualTo(new CustomerRisk("A", "ACC1", 3, 2, 80100.0 / 3, CustomerRisk.HIGH));
        // 1 flagged: Moderate
        assertThat(latest.get("ACC2")).isEqualTo(new CustomerRisk("B", "ACC2", 2, 1, 500.0, CustomerRisk.MODERATE));
        // AVG over DOUBLE, not rounded
        assertThat(latest.get("ACC3")).isEqualTo(
            new CustomerRisk("C", "ACC3", 2, 1, (6000 + 5000.1) / 2, CustomerRisk.MODERATE));
        assertThat(latest.get("ACC4")).isEqualTo(new CustomerRisk("D", "ACC4", 2, 0, 100.25, CustomerRisk.LOW));
        // nothing flagged, average 5,500 > 5,000: Moderate
        assertThat(latest.get("ACC5")).isEqualTo(new CustomerRisk("E", "ACC5", 2, 0, 5500.0, CustomerRisk.MODERATE));
        // 3 flagged: High
        assertThat(latest.get("ACC6")).isEqualTo(new CustomerRisk("F", "ACC6", 3, 3, 20.0, CustomerRisk.HIGH));
    }

    @Test
    void customerRiskUpdatesOncePerTransaction() {
        long upserts = riskChanges.stream()
            .filter(r -> r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER).count();
        assertThat(upserts).isEqualTo(ROWS.size());
        // the first transaction of ACC1 (100, flagged) alone made it Moderate before the 20,000 one made it High
        assertThat(riskChanges.get(0).getKind()).isEqualTo(RowKind.INSERT);
        assertThat(AnalyticsRecords.risk(riskChanges.get(0)))
            .isEqualTo(new CustomerRisk("A", "ACC1", 1, 1, 100.0, CustomerRisk.MODERATE));
    }

    @Test
    void sqlRiskLevelsAgreeWithTheCoreDefinition() {
        for (Row r : riskChanges) {
            CustomerRisk c = AnalyticsRecords.risk(r);
            double max = ROWS.stream().filter(x -> x.getField(1).equals(c.accountNumber()))
                .limit(c.totalTxns()).mapToDouble(x -> (Double) x.getField(2)).max().orElseThrow();
            assertThat(c.riskLevel()).isEqualTo(CustomerRisk.riskLevel(c.fraudTxns(), max, c.avgAmount()));
        }
    }

    private static Row row(String name, String account, double amount, String id, String time, String device,
                           String card, boolean flagged) {
        return AnalyticsInput.row(name, account, amount, id, LocalDateTime.parse(time), device, card, flagged);
    }

    private static DashboardMetric metric(String winStart, String type, String key, double value) {
        return new DashboardMetric(winStart, type, key, value);
    }

    private static List<Row> drain(CloseableIterator<Row> it) throws Exception {
        List<Row> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /**
     * The job keeps customer_risk in the account's keyed state ({@link CustomerRiskFunction}), not in SQL: on the
     * same rows it must write exactly what the SQL query does, upsert by upsert, in order.
     */
    @Test
    void keyedCustomerRiskWritesExactlyTheSqlQuerysUpserts() throws Exception {
        var harness = org.apache.flink.streaming.util.ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CustomerRiskFunction("customer_risk"), (Decision d) -> d.transaction().accountNumber(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
        for (Row r : ROWS) {
            Transaction t = TransactionBuilder.transaction().name((String) r.getField(0))
                .accountNumber((String) r.getField(1)).amount((Double) r.getField(2))
                .transactionId((String) r.getField(3)).fraudFlags(Transaction.NO_FRAUD).build();
            boolean flagged = (Boolean) r.getField(7);
            harness.processElement(new Decision(t, flagged ? FraudAlert.Decision.REVIEW : FraudAlert.Decision.ALLOW,
                0, List.of(), null), 0);
        }
        List<String> keyed = harness.extractOutputValues().stream()
            .map(o -> new String(o.key, java.nio.charset.StandardCharsets.UTF_8) + " " + o.valueText()).toList();
        List<String> sql = riskChanges.stream()
            .filter(r -> r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER)
            .map(r -> CustomerRiskFunction.record("customer_risk", AnalyticsRecords.risk(r)))
            .map(o -> new String(o.key, java.nio.charset.StandardCharsets.UTF_8) + " " + o.valueText()).toList();
        assertThat(keyed).hasSize(ROWS.size()).isEqualTo(sql);
        harness.close();
    }
}
