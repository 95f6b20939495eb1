package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders {@code src/main/resources/sql/fraud_analytics.sql}: the original system's Flink SQL job, for Flink's SQL
 * client, on the raw {@code bank_transactions} topic (flagged = the upstream {@code Fraud Flags} only). The two
 * analytics queries are {@link FraudAnalytics}'s own texts, so the file and the Java job cannot drift;
 * {@code FraudAnalyticsSqlFileTest} fails when the committed file differs from this rendering, and plans every
 * statement against the real Kafka connector factories. Regenerate with {@link #main}.
 */
public final class FraudAnalyticsSqlFile {

    public static final String RESOURCE = "sql/fraud_analytics.sql";
    /** Where the SQL client reaches Kafka: the contract's default port on this machine; edit for another broker. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    private FraudAnalyticsSqlFile() {
    }

    /** The DDL statements (tables and the {@code decisions} view), in order, for the contract's topics. */
    public static List<String> ddl(String bootstrap) {
        return ddl(bootstrap, Topics.defaults(), "fraudwatch-sql-analytics", false);
    }

    /**
     * The DDL for other topic names (the table names stay the contract's) and consumer group; {@code bounded}
     * makes the transactions table stop at the end offsets present when the job starts (a benchmark over a
     * backlog).
     */
    public static List<String> ddl(String bootstrap, Topics topics, String groupId, boolean bounded) {
        String boundedOption = bounded ? "\n  'scan.bounded.mode' = 'latest-offset'," : "";
        return List.of("""
            CREATE TABLE bank_transactions (
              `Name` STRING,
              `Address` STRING,
              `Email` STRING,
              `City` STRING,
              `State` STRING,
              `Country` STRING,
              `Phone Number` STRING,
              `Account Number` STRING,
              `IP Address` STRING,
              `Login Devices` ARRAY<STRING>,
              `Card Types` ARRAY<STRING>,
              `Transaction Types` ARRAY<STRING>,
              `Card Number` STRING,
              `Usual Transaction Amount` DOUBLE,
              `Transaction ID` STRING,
              `Transaction Time` STRING,
              `Current Login Device` STRING,
              `Current Card Type` STRING,
              `Current Transaction Type` STRING,
              `Current Transaction Amount` DOUBLE,
              `Fraud Flags` STRING,
              -- event time to the millisecond; accepts microseconds, milliseconds or no fraction. A record whose
              -- time cannot be read lands in 1970 (late, so out of every window) instead of failing the job.
              event_time AS COALESCE(TRY_CAST(`Transaction Time` AS TIMESTAMP(3)), TIMESTAMP '1970-01-01 00:00:00'),
              WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
            ) WITH (
              'connector' = 'kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'properties.group.id' = '%s',
              'scan.startup.mode' = 'earliest-offset',%s
              'format' = 'json',
              'json.ignore-parse-errors' = 'true'
            )""".formatted(topics.transactions(), bootstrap, groupId, boundedOption), """
            CREATE TABLE fraud_dashboard (
              win_start TIMESTAMP(3),
              metric_type STRING,
              metric_key STRING,
              metric_value DOUBLE
            ) WITH (
              'connector' = 'kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'format' = 'json'
            )""".formatted(topics.fraudDashboard(), bootstrap), """
            CREATE TABLE customer_risk (
              `Name` STRING,
              `Account Number` STRING,
              Total_Txns BIGINT,
              Fraud_Txns BIGINT,
              Avg_Amount DOUBLE,
              Risk_Level STRING,
              PRIMARY KEY (`Account Number`) NOT ENFORCED
            ) WITH (
              'connector' = 'upsert-kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'key.format' = 'json',
              'value.format' = 'json'
            )""".formatted(topics.customerRisk(), bootstrap), """
            CREATE TABLE blocked_customers (
              `Name` STRING,
              `Account Number` STRING,
              `Current Transaction Amount` DOUBLE,
              `Transaction ID` STRING,
              `Transaction Time` STRING,
              Reason STRING
            ) WITH (
              'connector' = 'kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'format' = 'json'
            )""".formatted(topics.blockedCustomers(), bootstrap), """
            CREATE TEMPORARY VIEW decisions AS
            SELECT `Name`, `Account Number`, `Current Transaction Amount`, `Transaction ID`,
                   event_time AS `Transaction Time`, `Current Login Device`, `Current Card Type`,
                   COALESCE(`Fraud Flags` <> 'No Fraud', FALSE) AS flagged
            FROM bank_transactions""");
    }

    /** The three INSERTs of the original job, run together as one statement set. */
    public static List<String> inserts() {
        return List.of(
            "INSERT INTO fraud_dashboard\n" + FraudAnalytics.DASHBOARD_SQL.replace(FraudAnalytics.INPUT, "decisions"),
            "INSERT INTO customer_risk\n" + FraudAnalytics.CUSTOMER_RISK_SQL.replace(FraudAnalytics.INPUT, "decisions"),
            """
            INSERT INTO blocked_customers
            SELECT `Name`, `Account Number`, `Current Transaction Amount`, `Transaction ID`, `Transaction Time`,
                   'Amount exceeds $50,000' AS Reason
            FROM bank_transactions
            WHERE `Current Transaction Amount` > 50000""");
    }

    public static String render(String bootstrap) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
            -- FraudWatch: the original system's analytics as a Flink SQL client script.
            -- GENERATED by dev.fraudwatch.detector.FraudAnalyticsSqlFile from the queries the detection job runs
            -- (FraudAnalytics); do not edit by hand. Here "flagged" is the original's (Fraud Flags <> 'No Fraud'); the
            -- FraudWatch job also counts transactions its own rules REVIEW or BLOCK, and writes blocked_customers
            -- from its decisions.
            -- Run: sql-client.sh -f fraud_analytics.sql   (Kafka at %s; edit the WITH clauses for another)

            SET 'execution.checkpointing.interval' = '10s';

            """.formatted(bootstrap));
        for (String s : ddl(bootstrap)) {
            sb.append(s).append(";\n\n");
        }
        sb.append("EXECUTE STATEMENT SET\nBEGIN\n\n");
        for (String s : inserts()) {
            sb.append(s).append(";\n\n");
        }
        sb.append("END;\n");
        return sb.toString();
    }

    /** Writes the rendering to the given file (default: this module's resource). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "detector/src/main/resources/" + RESOURCE);
        Files.writeString(out, render(DEFAULT_BOOTSTRAP), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
