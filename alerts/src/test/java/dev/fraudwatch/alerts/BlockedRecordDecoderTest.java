package dev.fraudwatch.alerts;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.FraudAlert.Decision;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockedRecordDecoderTest {

    private final BlockedRecordDecoder decoder = new BlockedRecordDecoder("fraud_alerts");

    @Test
    void readsTheOriginalsBlockedRecordUnchanged() {
        String original = "{\"Name\": \"Ann\", \"Account Number\": \"ACC0000000001\", \"Current Transaction Amount\": "
            + "60000.5, \"Transaction ID\": \"TRN00000000001\", \"Transaction Time\": \"2026-11-24 18:00:01.123456\", "
            + "\"Reason\": \"Amount exceeds $50,000\"}";
        BlockedTransaction t = decoder.decode("blocked_customers", original.getBytes(StandardCharsets.UTF_8));
        assertThat(t.name()).isEqualTo("Ann");
        assertThat(t.amount()).isEqualTo(60000.5);
        assertThat(t.rules()).isEmpty();
    }

    @Test
    void onlyBlockDecisionsBecomeAlerts() {
        String id = Fixtures.txnId();
        assertThat(decoder.decode("fraud_alerts", Json.toBytes(Fixtures.decision(id, account(1), 5, Decision.REVIEW))))
            .isNull();
        assertThat(decoder.decode("fraud_alerts", Json.toBytes(Fixtures.decision(id, account(1), 5, Decision.BLOCK, "a"))))
            .extracting(BlockedTransaction::transactionId).isEqualTo(id);
    }

    @Test
    void recordsWithoutTheirIdsAreRejectedByFieldName() {
        assertThatThrownBy(() -> decoder.decode("blocked_customers", "{\"Account Number\":\"ACC1\"}"
            .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("Transaction ID");
        assertThatThrownBy(() -> decoder.decode("blocked_customers", "[1]".getBytes(StandardCharsets.UTF_8)))
            .hasMessageContaining("BlockedCustomer");
    }
}
