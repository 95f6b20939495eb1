package dev.fraudwatch.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fraudwatch.core.json.TransactionTime;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One record of the {@code bank_transactions} topic, exactly as the original Python producer wrote it.
 * Field names (with spaces and capitals) and their order are the public contract; see shared/CONTRACT.md.
 * {@code Transaction Time} is kept as the text that arrived, so a record round-trips unchanged whether it
 * carries microseconds (Python's {@code str(datetime.now())}), milliseconds or no fraction at all.
 */
@JsonPropertyOrder({
    "Name", "Address", "Email", "City", "State", "Country", "Phone Number", "Account Number", "IP Address",
    "Login Devices", "Card Types", "Transaction Types", "Card Number", "Usual Transaction Amount",
    "Transaction ID", "Transaction Time", "Current Login Device", "Current Card Type",
    "Current Transaction Type", "Current Transaction Amount", "Fraud Flags"})
public record Transaction(
    @JsonProperty("Name") String name,
    @JsonProperty("Address") String address,
    @JsonProperty("Email") String email,
    @JsonProperty("City") String city,
    @JsonProperty("State") String state,
    @JsonProperty("Country") String country,
    @JsonProperty("Phone Number") String phoneNumber,
    @JsonProperty("Account Number") String accountNumber,
    @JsonProperty("IP Address") String ipAddress,
    @JsonProperty("Login Devices") List<String> loginDevices,
    @JsonProperty("Card Types") List<String> cardTypes,
    @JsonProperty("Transaction Types") List<String> transactionTypes,
    @JsonProperty("Card Number") String cardNumber,
    @JsonProperty("Usual Transaction Amount") double usualTransactionAmount,
    @JsonProperty("Transaction ID") String transactionId,
    @JsonProperty("Transaction Time") String transactionTime,
    @JsonProperty("Current Login Device") String currentLoginDevice,
    @JsonProperty("Current Card Type") String currentCardType,
    @JsonProperty("Current Transaction Type") String currentTransactionType,
    @JsonProperty("Current Transaction Amount") double currentTransactionAmount,
    @JsonProperty("Fraud Flags") String fraudFlags) {

    /** The value of {@code Fraud Flags} when the producer raised no signal. */
    public static final String NO_FRAUD = "No Fraud";

    /** Event time, parsed from {@code Transaction Time} (local time, any fraction from none to nanoseconds). */
    @JsonIgnore
    public LocalDateTime eventTime() {
        return TransactionTime.parse(transactionTime);
    }

    /** Event time in epoch milliseconds, reading the local time as UTC (as the original Flink job did). */
    @JsonIgnore
    public long eventTimeMillis() {
        return TransactionTime.epochMillis(transactionTime);
    }

    /** True when the upstream producer raised a fraud signal. */
    @JsonIgnore
    public boolean upstreamFlagged() {
        return fraudFlags != null && !NO_FRAUD.equals(fraudFlags);
    }

    /** A copy with a different current amount and fraud flag; used by scenario generators. */
    public Transaction withCurrent(String device, String ip, String country, double amount, String flags) {
        return new Transaction(name, address, email, city, state, country, phoneNumber, accountNumber, ip,
            loginDevices, cardTypes, transactionTypes, cardNumber, usualTransactionAmount, transactionId,
            transactionTime, device, currentCardType, currentTransactionType, amount, flags);
    }
}
