package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.rule.AmountSpikeRule;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyed decision operator on Flink's operator test harness: keyed state, TTL, broadcast rules, commands. */
class DecisionFunctionTest {

    private static final Duration TTL = Duration.ofDays(30);
    private static final String A = "ACC0000000001";
    private static final String B = "ACC0000000002";

    private KeyedBroadcastOperatorTestHarness<String, AccountInput, RuleSet, Decision> harness;
    private int seq;
    /** Never reset: a restored operator remembers the ids it has decided. */
    private int ids;

    @BeforeEach
    void start() throws Exception {
        harness = open(null);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, AccountInput, RuleSet, Decision> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        var operator = new CoBroadcastWithKeyedOperator<>(new DecisionFunction(RuleSet.defaults(), TTL),
            List.of(DecisionFunction.RULES_STATE));
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, AccountInput::accountNumber, Types.STRING, 128, 1,
            0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private Decision send(String account, double usual, double amount) throws Exception {
        seq++;
        Transaction t = TransactionBuilder.transaction().accountNumber(account).usualAmount(usual).amount(amount)
            .transactionId(String.format("TRN%011d", ++ids))
            .time(String.format("2025-03-01 %02d:%02d:00.000000", seq / 60 % 24, seq % 60)).build();
        harness.processElement(AccountInput.of(t), t.eventTimeMillis());
        List<Decision> out = harness.extractOutputValues();
        assertThat(out).hasSize(seq);
        return out.get(out.size() - 1);
    }

    private void command(String account, AccountCommand.Action action) throws Exception {
        harness.processElement(AccountInput.of(new AccountCommand(account, action, "analyst@bank", "confirmed fraud",
            "2025-03-01 10:00:00.000000")), 0);
    }

    private void teachSmallAmounts(String account) throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(send(account, 5000, 100 + i).decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        }
    }

    @Test
    void keepsHistoryPerAccountInKeyedState() throws Exception {
        teachSmallAmounts(A);
        // 1,000 is ten times A's own median; for B (no history) it is below its usual 5,000.
        Decision a = send(A, 5000, 1000);
        Decision b = send(B, 5000, 1000);
        assertThat(a.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(a.ruleIds()).containsExactly(AmountSpikeRule.ID);
        assertThat(b.decision()).isEqualTo(FraudAlert.Decision.ALLOW);
    }

    @Test
    void historyExpiresAfterTtlButBlockDoesNot() throws Exception {
        harness.setStateTtlProcessingTime(0);
        teachSmallAmounts(A);
        command(B, AccountCommand.Action.BLOCK);
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        assertThat(send(A, 5000, 1000).decision()).as("history forgotten: back to the profile's usual")
            .isEqualTo(FraudAlert.Decision.ALLOW);
        assertThat(send(B, 5000, 1000).decision()).as("a block needs an UNBLOCK").isEqualTo(FraudAlert.Decision.BLOCK);
    }

    @Test
    void ruleChangeThroughBroadcastAppliesToTheNextTransaction() throws Exception {
        teachSmallAmounts(A);
        assertThat(send(A, 5000, 1000).decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        RuleSet relaxed = RuleSet.defaults().with(AmountSpikeRule.ID, new RuleConfig(null, null,
            java.util.Map.of(AmountSpikeRule.FACTOR, 20.0)));
        harness.processBroadcastElement(relaxed, 0);
        assertThat(send(A, 5000, 1000).decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        assertThat(harness.getSideOutput(DecisionStream.RULES_IN_FORCE)).extracting(StreamRecord::getValue)
            .singleElement().satisfies(r -> {
                assertThat(r.version()).isEqualTo(2);
                assertThat(r.rule(AmountSpikeRule.ID).param(AmountSpikeRule.FACTOR)).isEqualTo(20);
                assertThat(r.rule(AmountSpikeRule.ID).param(AmountSpikeRule.MIN_HISTORY)).isEqualTo(5);
            });
    }

    @Test
    void olderOrInvalidRuleSetIsRejectedAndTheCurrentOneStays() throws Exception {
        harness.processBroadcastElement(RuleSet.defaults().with(AmountSpikeRule.ID, new RuleConfig(false, null,
            null)), 0);
        harness.processBroadcastElement(RuleSet.defaults(), 0);
        harness.processBroadcastElement(new RuleSet(9, 200.0, 100.0, null, null), 0);
        assertThat(harness.getSideOutput(DecisionStream.REJECTED_RULES)).extracting(StreamRecord::getValue)
            .hasSize(2).anyMatch(s -> s.contains("older")).anyMatch(s -> s.contains("thresholds"));
        teachSmallAmounts(A);
        assertThat(send(A, 5000, 1000).decision()).as("spike rule still disabled")
            .isEqualTo(FraudAlert.Decision.ALLOW);
    }

    @Test
    void blockedAccountStaysBlockedUntilUnblockCommand() throws Exception {
        Decision big = send(A, 5000, 60_000);
        assertThat(big.decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(big.blockReason()).isEqualTo(BlockedCustomer.AMOUNT_REASON);
        Decision later = send(A, 5000, 100);
        assertThat(later.decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(later.blockReason()).isEqualTo("Account blocked since " + big.transaction().transactionTime()
            + ": Amount exceeds $50,000");
        assertThat(send(B, 5000, 100).decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        command(A, AccountCommand.Action.UNBLOCK);
        assertThat(send(A, 5000, 100).decision()).isEqualTo(FraudAlert.Decision.ALLOW);
    }

    @Test
    void analystBlockCommandBlocksTheAccount() throws Exception {
        command(A, AccountCommand.Action.BLOCK);
        Decision d = send(A, 5000, 100);
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(d.blockReason()).isEqualTo("Account blocked since 2025-03-01 10:00:00.000000: confirmed fraud");
        assertThat(d.firedRules()).singleElement().satisfies(r -> assertThat(r.evidence())
            .containsEntry("by", "analyst@bank"));
    }

    @Test
    void blockCommandWithoutTimeUsesTheRecordTimestamp() throws Exception {
        harness.processElement(AccountInput.of(new AccountCommand(A, AccountCommand.Action.BLOCK, null, null, null)),
            dev.fraudwatch.core.json.TransactionTime.toEpochMillis(java.time.LocalDateTime.of(2025, 3, 1, 8, 30)));
        assertThat(send(A, 5000, 100).blockReason())
            .isEqualTo("Account blocked since 2025-03-01 08:30:00.000000: blocked by an analyst");
    }

    @Test
    void stateAndRulesSurviveSnapshotAndRestore() throws Exception {
        teachSmallAmounts(A);
        command(B, AccountCommand.Action.BLOCK);
        harness.processBroadcastElement(RuleSet.defaults().with(AmountSpikeRule.ID, new RuleConfig(null, 77.0,
            null)), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = open(snapshot);
        seq = 0;
        Decision a = send(A, 5000, 1000);
        assertThat(a.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(a.score()).as("restored rule set").isEqualTo(77);
        assertThat(send(B, 5000, 100).decision()).isEqualTo(FraudAlert.Decision.BLOCK);
    }

    @Test
    void repeatedTransactionGoesToTheDuplicatesSideOutputWithoutADecision() throws Exception {
        Decision first = send(A, 5000, 100);
        Transaction repeat = TransactionBuilder.from(first.transaction()).amount(70_000).build();
        harness.processElement(AccountInput.of(repeat), repeat.eventTimeMillis());
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(DecisionStream.DUPLICATES)).extracting(StreamRecord::getValue)
            .containsExactly(repeat);
        assertThat(send(A, 5000, 100).decision()).as("the repeat's 70,000 blocked nothing")
            .isEqualTo(FraudAlert.Decision.ALLOW);
    }
}
