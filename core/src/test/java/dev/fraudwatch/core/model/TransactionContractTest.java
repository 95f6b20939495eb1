package dev.fraudwatch.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionContractTest {

    private static byte[] pythonRecord() throws IOException {
        try (InputStream in = TransactionContractTest.class.getResourceAsStream("/python-producer-record.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsThePythonProducersRecordUnchanged() throws IOException {
        byte[] original = pythonRecord();
        Transaction t = Json.fromBytes(original, Transaction.class);
        byte[] written = Json.toBytes(t);

        JsonNode before = Json.MAPPER.readTree(original);
        JsonNode after = Json.MAPPER.readTree(written);
        assertThat(after).isEqualTo(before);
        assertThat(fieldNames(after)).containsExactlyElementsOf(fieldNames(before));
        assertThat(after.get("Transaction Time").asText()).isEqualTo("2025-03-14 09:26:53.589793");
        assertThat(after.get("Usual Transaction Amount").asDouble()).isEqualTo(2374.52);
    }

    @Test
    void readsContractFieldsWithSpacesAndCapitals() throws IOException {
        Transaction t = Json.fromBytes(pythonRecord(), Transaction.class);
        assertThat(t.accountNumber()).isEqualTo("ACC4803512298");
        assertThat(t.loginDevices()).hasSize(5);
        assertThat(t.cardTypes()).hasSize(3);
        assertThat(t.transactionTypes()).hasSize(5);
        assertThat(t.currentTransactionAmount()).isEqualTo(28494.24);
        assertThat(t.upstreamFlagged()).isTrue();
        assertThat(t.eventTime()).isEqualTo(LocalDateTime.of(2025, 3, 14, 9, 26, 53, 589_793_000));
    }

    @Test
    void parsesTransactionTimeWithMicrosMillisOrNoFraction() {
        assertThat(TransactionBuilder.transaction().time("2025-03-14 09:26:53.589793").build().eventTime())
            .isEqualTo(LocalDateTime.of(2025, 3, 14, 9, 26, 53, 589_793_000));
        assertThat(TransactionBuilder.transaction().time("2025-03-14 09:26:53.589").build().eventTime())
            .isEqualTo(LocalDateTime.of(2025, 3, 14, 9, 26, 53, 589_000_000));
        assertThat(TransactionBuilder.transaction().time("2025-03-14 09:26:53").build().eventTime())
            .isEqualTo(LocalDateTime.of(2025, 3, 14, 9, 26, 53));
    }

    @Test
    void outputRecordsUseTheOriginalFieldNamesAndOmitAbsentAdditions() throws IOException {
        JsonNode risk = Json.MAPPER.readTree(Json.toBytes(
            new CustomerRisk("Jane", "ACC0000000001", 4, 1, 2500.5, CustomerRisk.MODERATE)));
        assertThat(fieldNames(risk)).containsExactly("Name", "Account Number", "Total_Txns", "Fraud_Txns",
            "Avg_Amount", "Risk_Level");

        JsonNode blocked = Json.MAPPER.readTree(Json.toBytes(new BlockedCustomer("Jane", "ACC0000000001", 60000.0,
            "TRN00000000001", "2025-03-14 09:26:53.589", BlockedCustomer.AMOUNT_REASON)));
        assertThat(fieldNames(blocked)).containsExactly("Name", "Account Number", "Current Transaction Amount",
            "Transaction ID", "Transaction Time", "Reason");

        JsonNode metric = Json.MAPPER.readTree(Json.toBytes(
            new DashboardMetric("2025-03-14 09:26:00.000", DashboardMetric.HIGH_RISK_TXN_COUNT, "all", 3)));
        assertThat(fieldNames(metric)).containsExactly("win_start", "metric_type", "metric_key", "metric_value");
    }

    @Test
    void riskLevelFollowsTheOriginalThresholds() {
        assertThat(CustomerRisk.riskLevel(3, 100, 100)).isEqualTo(CustomerRisk.HIGH);
        assertThat(CustomerRisk.riskLevel(0, 10_000.01, 100)).isEqualTo(CustomerRisk.HIGH);
        assertThat(CustomerRisk.riskLevel(0, 10_000, 100)).isEqualTo(CustomerRisk.LOW);
        assertThat(CustomerRisk.riskLevel(2, 100, 100)).isEqualTo(CustomerRisk.MODERATE);
        assertThat(CustomerRisk.riskLevel(0, 9000, 5000.01)).isEqualTo(CustomerRisk.MODERATE);
        assertThat(CustomerRisk.riskLevel(0, 9000, 5000)).isEqualTo(CustomerRisk.LOW);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
