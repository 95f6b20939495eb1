package dev.fraudwatch.alerts;

import org.junit.jupiter.api.Test;

import static dev.fraudwatch.alerts.Fixtures.account;
import static dev.fraudwatch.alerts.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

class AlertPolicyTest {

    private final AlertPolicy policy = new AlertPolicy(10_000);

    @Test
    void mailsOnlyAmountsAboveTheThreshold() {
        assertThat(policy.qualifies(txn(account(1), 9_999, "Velocity"))).isFalse();
        assertThat(policy.qualifies(txn(account(1), 10_000, "Velocity"))).isFalse();
        assertThat(policy.qualifies(txn(account(1), 10_001, "Velocity"))).isTrue();
    }

    @Test
    void mailsAReasonMentioningFraudInAnyCaseWhateverTheAmount() {
        assertThat(policy.qualifies(txn(account(1), 50, "Suspected FRAUD ring"))).isTrue();
        assertThat(policy.qualifies(txn(account(1), 50, "card fraudulently used"))).isTrue();
        assertThat(policy.qualifies(txn(account(1), 50, null))).isFalse();
    }

    @Test
    void aBlockDecisionOfTheDetectorCountsAsFraud() {
        BlockedTransaction t = BlockedTransaction.of(Fixtures.decision(Fixtures.txnId(), account(2), 20,
            dev.fraudwatch.core.model.FraudAlert.Decision.BLOCK, "new_device"));
        assertThat(policy.qualifies(t)).isTrue();
        assertThat(t.rules()).containsExactly("new_device");
    }

    @Test
    void mergingKeepsTheBlockedRecordsReasonWhicheverTopicCameFirst() {
        String id = Fixtures.txnId();
        BlockedTransaction record = BlockedTransaction.of(Fixtures.blocked(id, account(3), "Cy", 55_000,
            "Amount exceeds $50,000", java.util.List.of("amount")));
        BlockedTransaction decision = BlockedTransaction.of(Fixtures.decision(id, account(3), 55_000,
            dev.fraudwatch.core.model.FraudAlert.Decision.BLOCK, "new_device"));
        for (BlockedTransaction merged : java.util.List.of(record.mergedWith(decision), decision.mergedWith(record))) {
            assertThat(merged.reason()).isEqualTo("Amount exceeds $50,000");
            assertThat(merged.name()).isEqualTo("Cy");
            assertThat(merged.rules()).containsExactly("amount", "new_device");
        }
    }
}
