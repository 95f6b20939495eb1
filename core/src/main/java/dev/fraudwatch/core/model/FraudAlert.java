package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One record of {@code fraud_alerts}: a REVIEW or BLOCK decision with the score and every rule that fired,
 * each with the evidence (the values that made it fire), so an analyst can see why.
 */
@JsonPropertyOrder({"Transaction ID", "Account Number", "Name", "Current Transaction Amount", "Transaction Time",
    "Decision", "Risk_Score", "Fired_Rules", "Decided_At"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FraudAlert(
    @JsonProperty("Transaction ID") String transactionId,
    @JsonProperty("Account Number") String accountNumber,
    @JsonProperty("Name") String name,
    @JsonProperty("Current Transaction Amount") double currentTransactionAmount,
    @JsonProperty("Transaction Time") String transactionTime,
    @JsonProperty("Decision") Decision decision,
    @JsonProperty("Risk_Score") double riskScore,
    @JsonProperty("Fired_Rules") List<FiredRule> firedRules,
    @JsonProperty("Decided_At") String decidedAt) {

    /** What FraudWatch decided about one transaction. */
    public enum Decision { ALLOW, REVIEW, BLOCK }

    /** A rule that fired, its weight in the score, and the values that made it fire. */
    @JsonPropertyOrder({"rule", "weight", "evidence"})
    public record FiredRule(
        @JsonProperty("rule") String rule,
        @JsonProperty("weight") double weight,
        @JsonProperty("evidence") Map<String, Object> evidence) {
    }
}
