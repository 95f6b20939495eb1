package dev.fraudwatch.indexer;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.FraudAlert;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Records as the detection job writes them, built from the core model so the field names are the contract's. */
final class Fixtures {
    private Fixtures() {
    }

    static String account(int i) {
        return String.format("ACC%010d", i);
    }

    static String transactionId(int i) {
        return String.format("TRN%011d", i);
    }

    static CustomerRisk risk(int account, long total, long fraud) {
        return new CustomerRisk("Customer " + account, account(account), total, fraud, 1234.5,
            CustomerRisk.riskLevel(fraud, 2000, 1234.5));
    }

    static BlockedCustomer blocked(int i) {
        return new BlockedCustomer("Customer " + i, account(i % 100), 60_000 + i, transactionId(i),
            String.format("2026-11-24 10:%02d:%02d.%06d", (i / 60) % 60, i % 60, i % 1_000_000),
            BlockedCustomer.AMOUNT_REASON, 0.97, List.of("amount-over-50000"), "2026-11-24T10:00:00Z");
    }

    static DashboardMetric metric(int minute, String type, String key, double value) {
        return new DashboardMetric(String.format("2026-11-24 10:%02d:00.000", minute), type, key, value);
    }

    static FraudAlert alert(int i) {
        return new FraudAlert(transactionId(i), account(i % 100), "Customer " + i, 70_000, "2026-11-24 10:00:00.123456",
            FraudAlert.Decision.BLOCK, 0.9, List.of(new FraudAlert.FiredRule("amount-over-50000", 0.6,
                Map.of("amount", 70_000, "nested", Map.of("anything", List.of(1, "two"))))),
            "2026-11-24T10:00:01Z");
    }

    /** The upsert-kafka key of customer_risk: a JSON object holding the account number. */
    static byte[] riskKey(int account) {
        return bytes(Map.of("Account Number", account(account)));
    }

    static byte[] bytes(Object o) {
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(KafkaProducer<byte[], byte[]> p, String topic, byte[] key, Object value) {
        byte[] v = value == null ? null : value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : bytes(value);
        p.send(new ProducerRecord<>(topic, key, v));
    }
}
