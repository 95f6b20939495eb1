package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Map;

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

    /**
     * {@code customer_risk}: upsert-kafka semantics. Key {@code {"Account Number": ...}} (JSON, as upsert-kafka
     * writes a JSON key), value the row; an update's retraction (-U) is dropped, a delete becomes a tombstone.
     */
    static final class Risk implements FlatMapFunction<Row, OutRecord> {
        private final String topic;

        Risk(String topic) {
            this.topic = topic;
        }

        @Override
        public void flatMap(Row r, Collector<OutRecord> out) {
            RowKind kind = r.getKind();
            if (kind == RowKind.UPDATE_BEFORE) {
                return;
            }
            byte[] key = Json.toBytes(Map.of("Account Number", r.getField("Account Number")));
            out.collect(OutRecord.of(topic, key, kind == RowKind.DELETE ? null : Json.toBytes(risk(r))));
        }
    }
}
