package dev.fraudwatch.detector;

import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The original system's analytics, same semantics, as {@code Table -> Table} functions over a table of decided
 * transactions (apache/flink-playgrounds {@code SpendReport} style): the same query text runs on fixed rows in a
 * test, on the decision stream in the job, and (through {@link FraudAnalyticsSqlFile}) in Flink's SQL client.
 *
 * <p>Input columns ({@link AnalyticsInput}): {@code Name}, {@code Account Number}, {@code Current Transaction Amount}
 * DOUBLE, {@code Transaction ID}, {@code Transaction Time} TIMESTAMP(3) event-time attribute, {@code Current Login
 * Device}, {@code Current Card Type}, {@code flagged} BOOLEAN. In the original, flagged meant {@code Fraud Flags <>
 * 'No Fraud'}; in FraudWatch also "a rule made it REVIEW or BLOCK".
 */
public final class FraudAnalytics {

    /** Placeholder for the input table's name in the query texts. */
    static final String INPUT = "{decisions}";
    /** The dashboard's tumbling window. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** How far the watermark trails the newest event time (the original's 5 s). */
    public static final Duration WATERMARK_DELAY = Duration.ofSeconds(5);
    /** Above this amount a transaction counts as high risk on the dashboard and in customer_risk. */
    public static final double HIGH_RISK_AMOUNT = 10_000;

    /**
     * {@code fraud_dashboard}: per 1-minute window, flagged count per login device, count of transactions over
     * 10,000 (key {@code all}) and the flagged percentage per card type rounded to 2 places (exact decimal
     * arithmetic, as the original's {@code * 100.0}). Columns: win_start TIMESTAMP(3), metric_type, metric_key,
     * metric_value DOUBLE. Append-only: a window's rows are emitted once, when the watermark passes its end.
     */
    static final String DASHBOARD_SQL = """
        SELECT window_start AS win_start, 'fraud_count_by_device' AS metric_type,
               `Current Login Device` AS metric_key, CAST(COUNT(*) AS DOUBLE) AS metric_value
        FROM TABLE(TUMBLE(TABLE {decisions}, DESCRIPTOR(`Transaction Time`), INTERVAL '1' MINUTE))
        WHERE flagged
        GROUP BY window_start, window_end, `Current Login Device`
        UNION ALL
        SELECT window_start, 'high_risk_txn_count', 'all', CAST(COUNT(*) AS DOUBLE)
        FROM TABLE(TUMBLE(TABLE {decisions}, DESCRIPTOR(`Transaction Time`), INTERVAL '1' MINUTE))
        WHERE `Current Transaction Amount` > 10000
        GROUP BY window_start, window_end
        UNION ALL
        SELECT window_start, 'fraud_percentage_by_card', `Current Card Type`,
               CAST(ROUND(SUM(CASE WHEN flagged THEN 1 ELSE 0 END) * 100.0 / COUNT(*), 2) AS DOUBLE)
        FROM TABLE(TUMBLE(TABLE {decisions}, DESCRIPTOR(`Transaction Time`), INTERVAL '1' MINUTE))
        GROUP BY window_start, window_end, `Current Card Type`""";

    /**
     * {@code customer_risk}: per Name and Account Number over all time, an updating result (upsert by account).
     * Avg_Amount is the plain AVG over DOUBLE, not rounded, as the original wrote it. Risk levels as
     * {@link dev.fraudwatch.core.model.CustomerRisk#riskLevel}.
     */
    static final String CUSTOMER_RISK_SQL = """
        SELECT `Name`, `Account Number`,
               COUNT(*) AS Total_Txns,
               CAST(SUM(CASE WHEN flagged THEN 1 ELSE 0 END) AS BIGINT) AS Fraud_Txns,
               AVG(`Current Transaction Amount`) AS Avg_Amount,
               CASE
                 WHEN SUM(CASE WHEN flagged THEN 1 ELSE 0 END) >= 3
                      OR MAX(`Current Transaction Amount`) > 10000 THEN 'High Risk'
                 WHEN SUM(CASE WHEN flagged THEN 1 ELSE 0 END) BETWEEN 1 AND 2
                      OR AVG(`Current Transaction Amount`) > 5000 THEN 'Moderate Risk'
                 ELSE 'Low Risk'
               END AS Risk_Level
        FROM {decisions}
        GROUP BY `Name`, `Account Number`""";

    private static final AtomicLong VIEWS = new AtomicLong();

    private FraudAnalytics() {
    }

    /** The {@code fraud_dashboard} rows of {@code decisions} (an append-only table). */
    public static Table dashboard(TableEnvironment env, Table decisions) {
        return env.sqlQuery(DASHBOARD_SQL.replace(INPUT, register(env, decisions)));
    }

    /** The {@code customer_risk} rows of {@code decisions} (an updating table, unique per account). */
    public static Table customerRisk(TableEnvironment env, Table decisions) {
        return env.sqlQuery(CUSTOMER_RISK_SQL.replace(INPUT, register(env, decisions)));
    }

    private static String register(TableEnvironment env, Table decisions) {
        String name = "fraudwatch_decisions_" + VIEWS.incrementAndGet();
        env.createTemporaryView(name, decisions);
        return "`" + name + "`";
    }
}
