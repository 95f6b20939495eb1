package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of {@code fraud_dashboard}: a metric of a 1-minute tumbling event-time window.
 * {@code win_start} is Flink's JSON timestamp text as the original wrote it: {@code yyyy-MM-dd HH:mm:ss}, with a
 * fraction only when it is not zero (window starts are whole minutes, so none).
 */
@JsonPropertyOrder({"win_start", "metric_type", "metric_key", "metric_value"})
public record DashboardMetric(
    @JsonProperty("win_start") String winStart,
    @JsonProperty("metric_type") String metricType,
    @JsonProperty("metric_key") String metricKey,
    @JsonProperty("metric_value") double metricValue) {

    public static final String FRAUD_COUNT_BY_DEVICE = "fraud_count_by_device";
    public static final String HIGH_RISK_TXN_COUNT = "high_risk_txn_count";
    public static final String FRAUD_PERCENTAGE_BY_CARD = "fraud_percentage_by_card";
}
