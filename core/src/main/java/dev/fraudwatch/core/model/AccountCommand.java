package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An analyst's decision about an account, published on the control topic ({@code fraud_control}) and keyed by
 * account number: the detection engine blocks or unblocks the account from the next transaction on.
 */
@JsonPropertyOrder({"Account Number", "action", "by", "reason", "at"})
public record AccountCommand(
    @JsonProperty("Account Number") String accountNumber,
    @JsonProperty("action") Action action,
    @JsonProperty("by") String by,
    @JsonProperty("reason") String reason,
    @JsonProperty("at") String at) {

    public enum Action { BLOCK, UNBLOCK }
}
