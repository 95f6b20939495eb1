package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** The analytics' result rows as the Kafka records the original's Flink SQL sinks wrote. */
final class AnalyticsRecords {

    /**
     * Flink's JSON format writes TIMESTAMP(3) as SQL text with the fraction only when it is not zero, so the
     * original's {@code win_start} (always a whole minute) reads {@code 2025-03-01 12:00:00}; FraudWatch writes
     * exactly that.
     */
    static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
        .appendPattern("yyyy-MM-dd HH:mm:ss")
        .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
        .toFormatter();

    private AnalyticsRecords() {
    }

    static DashboardMetric metric(Row r) {
        return new DashboardMetric(SQL_TIMESTAMP.format((LocalDateTime) r.getField("win_start")),
            (String) r.getField("metric_type"), (String) r.getField("metric_key"),
            (Double) r.getField("metric_value"));
    }

    /** A {@code customer_risk} row of {@link FraudAnalytics#customerRisk} (the SQL client's query; tests). */
    static CustomerRisk risk(Row r) {
        return new CustomerRisk((String) r.getField("Name"), (String) r.getField("Account Number"),
            (Long) r.getField("Total_Txns"), (Long) r.getField("Fraud_Txns"), (Double) r.getField("Avg_Amount"),
            (String) r.getField("Risk_Level"));
    }

    /** {@code fraud_dashboard}: append-only, no key (as the original's plain Kafka sink). */
    static final class Dashboard implements MapFunction<Row, OutRecord> {
        private final String topic;

        Dashboard(String topic) {
            this.topic = topic;
        }

        @Override
        public OutRecord map(Row r) {
            return OutRecord.of(topic, (byte[]) null, Json.toBytes(metric(r)));
        }
    }
}
