package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One record of {@code blocked_customers}: a blocked transaction. The first six fields are the original's;
 * {@code Risk_Score}, {@code Rules} and {@code Blocked_At} are FraudWatch additions, omitted when absent.
 */
@JsonPropertyOrder({"Name", "Account Number", "Current Transaction Amount", "Transaction ID",
    "Transaction Time", "Reason", "Risk_Score", "Rules", "Blocked_At"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockedCustomer(
    @JsonProperty("Name") String name,
    @JsonProperty("Account Number") String accountNumber,
    @JsonProperty("Current Transaction Amount") double currentTransactionAmount,
    @JsonProperty("Transaction ID") String transactionId,
    @JsonProperty("Transaction Time") String transactionTime,
    @JsonProperty("Reason") String reason,
    @JsonProperty("Risk_Score") Double riskScore,
    @JsonProperty("Rules") List<String> rules,
    @JsonProperty("Blocked_At") String blockedAt) {

    /** The original's only blocking reason. */
    public static final String AMOUNT_REASON = "Amount exceeds $50,000";
    /** The original's blocking threshold. */
    public static final double AMOUNT_THRESHOLD = 50_000;

    public BlockedCustomer(String name, String accountNumber, double amount, String transactionId,
                           String transactionTime, String reason) {
        this(name, accountNumber, amount, transactionId, transactionTime, reason, null, null, null);
    }
}
