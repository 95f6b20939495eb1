package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of the {@code customer_risk} upsert stream, keyed by {@code Account Number}.
 * The first six fields are the original's; {@code Risk_Score}, {@code Status} and {@code Last_Updated} are
 * FraudWatch additions, omitted from the JSON when absent so the original's rows are reproduced field for field.
 */
@JsonPropertyOrder({"Name", "Account Number", "Total_Txns", "Fraud_Txns", "Avg_Amount", "Risk_Level",
    "Risk_Score", "Status", "Last_Updated"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerRisk(
    @JsonProperty("Name") String name,
    @JsonProperty("Account Number") String accountNumber,
    @JsonProperty("Total_Txns") long totalTxns,
    @JsonProperty("Fraud_Txns") long fraudTxns,
    @JsonProperty("Avg_Amount") double avgAmount,
    @JsonProperty("Risk_Level") String riskLevel,
    @JsonProperty("Risk_Score") Double riskScore,
    @JsonProperty("Status") String status,
    @JsonProperty("Last_Updated") String lastUpdated) {

    public static final String HIGH = "High Risk";
    public static final String MODERATE = "Moderate Risk";
    public static final String LOW = "Low Risk";

    public CustomerRisk(String name, String accountNumber, long totalTxns, long fraudTxns, double avgAmount,
                        String riskLevel) {
        this(name, accountNumber, totalTxns, fraudTxns, avgAmount, riskLevel, null, null, null);
    }

    /**
     * The original's risk level: High when 3+ flagged transactions or the largest amount is over 10,000;
     * Moderate when 1-2 flagged or the average is over 5,000; Low otherwise.
     */
    public static String riskLevel(long fraudTxns, double maxAmount, double avgAmount) {
        if (fraudTxns >= 3 || maxAmount > 10_000) {
            return HIGH;
        }
        if (fraudTxns >= 1 || avgAmount > 5_000) {
            return MODERATE;
        }
        return LOW;
    }
}
