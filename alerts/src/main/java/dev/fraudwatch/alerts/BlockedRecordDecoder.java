package dev.fraudwatch.alerts;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;

/** Reads a record of either input topic as a {@link BlockedTransaction}; throws with a reason when it cannot. */
final class BlockedRecordDecoder {

    private final String alertsTopic;

    BlockedRecordDecoder(String alertsTopic) {
        this.alertsTopic = alertsTopic;
    }

    /** The blocked transaction in the record, null when it is a decision other than BLOCK. */
    BlockedTransaction decode(String topic, byte[] value) {
        BlockedTransaction t;
        if (topic.equals(alertsTopic)) {
            FraudAlert a = Json.fromBytes(value, FraudAlert.class);
            if (a.decision() != FraudAlert.Decision.BLOCK) {
                return null;
            }
            t = BlockedTransaction.of(a);
        } else {
            t = BlockedTransaction.of(Json.fromBytes(value, BlockedCustomer.class));
        }
        if (t.transactionId() == null || t.transactionId().isBlank()) {
            throw new IllegalArgumentException("field 'Transaction ID' is missing");
        }
        if (t.accountNumber() == null || t.accountNumber().isBlank()) {
            throw new IllegalArgumentException("field 'Account Number' is missing");
        }
        return t;
    }
}
