package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.rule.AmountSpikeRule;
import dev.fraudwatch.rules.rule.LargeAmountRule;
import dev.fraudwatch.rules.rule.VelocityRule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionEngineTest {

    private final RuleSet rules = RuleSet.defaults().resolved();

    private static TransactionBuilder txn(int second) {
        return TransactionBuilder.transaction().usualAmount(1000).amount(1000)
            .transactionId(String.format("TRN%011d", second))
            .time(String.format("2025-03-01 12:%02d:%02d.000000", second / 60, second % 60));
    }

    @Test
    void allowsOrdinaryTransaction() {
        Decision d = DecisionEngine.step(txn(0).build(), new AccountHistory(), null, rules).decision();
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        assertThat(d.score()).isZero();
        assertThat(d.flagged()).isFalse();
        assertThat(d.blockReason()).isNull();
    }

    @Test
    void blocksAbove50000WithTheOriginalReasonAndBlocksTheAccount() {
        Transaction t = txn(0).usualAmount(5000).amount(60_000).build();
        DecisionEngine.Step step = DecisionEngine.step(t, new AccountHistory(), null, rules);
        assertThat(step.decision().decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(step.decision().blockReason()).isEqualTo(BlockedCustomer.AMOUNT_REASON);
        assertThat(step.decision().ruleIds()).contains(LargeAmountRule.ID, AmountSpikeRule.ID);
        assertThat(step.block().reason).isEqualTo(BlockedCustomer.AMOUNT_REASON);
        BlockedCustomer b = step.decision().toBlocked("2025-03-01 12:00:01.000000");
        assertThat(b.reason()).isEqualTo("Amount exceeds $50,000");
        assertThat(b.transactionId()).isEqualTo(t.transactionId());
        assertThat(b.riskScore()).isEqualTo(step.decision().score());
    }

    @Test
    void reviewsSpikeWithEvidenceInTheAlert() {
        Decision d = DecisionEngine.step(txn(0).amount(9000).build(), new AccountHistory(), null, rules).decision();
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        FraudAlert alert = d.toAlert("now");
        assertThat(alert.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(alert.firedRules()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(AmountSpikeRule.ID);
            assertThat(r.evidence()).containsEntry("amount", 9000.0).containsEntry("typical_amount", 1000.0);
        });
    }

    @Test
    void blockedAccountStaysBlockedWithReasonNamingTheBlock() {
        AccountBlock block = new AccountBlock("2025-03-01 11:00:00.000000", "Amount exceeds $50,000", "fraudwatch");
        DecisionEngine.Step step = DecisionEngine.step(txn(0).build(), new AccountHistory(), block, rules);
        assertThat(step.decision().decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(step.decision().blockReason())
            .isEqualTo("Account blocked since 2025-03-01 11:00:00.000000: Amount exceeds $50,000");
        assertThat(step.decision().blockedByAccount()).isTrue();
        assertThat(step.block()).isSameAs(block);
    }

    @Test
    void upstreamFlagAloneIsReviewedAndFlagged() {
        Decision d = DecisionEngine.step(txn(0).fraudFlags("Different Country: Peru").build(), new AccountHistory(),
            null, rules).decision();
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(d.flagged()).isTrue();
    }

    @Test
    void disabledRuleDoesNotFire() {
        RuleSet noSpike = rules.with(AmountSpikeRule.ID, new RuleConfig(false, null, null)).resolved();
        Decision d = DecisionEngine.step(txn(0).amount(9000).build(), new AccountHistory(), null, noSpike).decision();
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.ALLOW);
    }

    @Test
    void scoreCombiningRulesReachesBlockAndNamesThem() {
        RuleSet strict = new RuleSet(2, 10.0, 50.0, true, Map.of()).resolved();
        Decision d = DecisionEngine.step(txn(0).amount(9000).build(), new AccountHistory(), null, strict).decision();
        assertThat(d.decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(d.blockReason()).isEqualTo("Risk score 60 reached the block threshold 50: amount_spike");
    }

    @Test
    void flaggedTransactionDoesNotTeachTheAccountItsDevice() {
        AccountHistory h = new AccountHistory();
        DecisionEngine.step(txn(0).build(), h, null, rules);
        DecisionEngine.step(txn(1).device("Smart TV").ipAddress("203.0.113.9").country("Peru").build(), h, null,
            rules);
        assertThat(h.devices).doesNotContain("Smart TV");
        assertThat(h.countries).containsExactly("United States");
        assertThat(h.transactions).isEqualTo(2);
    }

    @Test
    void takeoverAsFirstTransactionDoesNotTeachTheIntrudersPlaces() {
        AccountHistory h = new AccountHistory();
        Decision first = DecisionEngine.step(txn(0).device("Smart TV").ipAddress("203.0.113.9").country("Peru")
            .build(), h, null, rules).decision();
        assertThat(first.ruleIds()).containsExactly("new_device");
        assertThat(first.decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        Decision owner = DecisionEngine.step(txn(600).build(), h, null, rules).decision();
        assertThat(owner.ruleIds()).doesNotContain("new_ip", "new_country");
        assertThat(owner.decision()).isEqualTo(FraudAlert.Decision.ALLOW);
    }

    @Test
    void minimalValidRecordIsDecidedWithoutFailing() {
        // What the decoder lets through at the least: account, id, amount and time; everything else absent.
        AccountHistory h = new AccountHistory();
        for (int i = 0; i < 3; i++) {
            Transaction bare = new Transaction(null, null, null, null, null, null, null, "ACC0000000009", null, null,
                null, null, null, 0, "TRN0000000000" + i, "2025-03-01 12:00:00", null, null, null, 12.5, null);
            Decision d = DecisionEngine.step(bare, h, null, rules).decision();
            assertThat(d.decision()).isIn(FraudAlert.Decision.ALLOW, FraudAlert.Decision.REVIEW);
            assertThat(d.flagged()).isEqualTo(d.decision() != FraudAlert.Decision.ALLOW);
            assertThat(d.toAlert("now").transactionId()).isEqualTo("TRN0000000000" + i);
        }
        assertThat(h.transactions).isEqualTo(3);
    }

    @Test
    void lateEventInsideTheWindowStillCountsForVelocity() {
        AccountHistory h = new AccountHistory();
        DecisionEngine.step(txn(100).build(), h, null, rules);
        // Arrives after the 12:01:40 one but happened 5 s before it: two within 20 s.
        Decision late = DecisionEngine.step(txn(95).build(), h, null, rules).decision();
        assertThat(late.ruleIds()).contains("velocity");
    }

    @Test
    void burstsFirstTransactionIsReportedRetroactivelyWhenTheSecondRevealsTheBurst() {
        AccountHistory h = new AccountHistory();
        Transaction first = txn(0).amount(120).build();
        DecisionEngine.Step s1 = DecisionEngine.step(first, h, null, rules);
        assertThat(s1.decision().decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        assertThat(s1.retroactive()).isNull();

        DecisionEngine.Step s2 = DecisionEngine.step(txn(3).amount(130).build(), h, null, rules);
        assertThat(s2.decision().ruleIds()).contains(VelocityRule.ID);
        FraudAlert retro = s2.retroactive();
        assertThat(retro).isNotNull();
        assertThat(retro.transactionId()).isEqualTo(first.transactionId());
        assertThat(retro.currentTransactionAmount()).isEqualTo(120.0);
        assertThat(retro.transactionTime()).isEqualTo(first.transactionTime());
        assertThat(retro.decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(retro.firedRules()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(VelocityRule.ID);
            assertThat(r.evidence()).containsEntry(DecisionEngine.RETROACTIVE, true)
                .containsEntry(DecisionEngine.REVEALED_BY, txn(3).build().transactionId());
        });

        // The third transaction's predecessor was flagged already: nothing retroactive about it.
        assertThat(DecisionEngine.step(txn(5).amount(140).build(), h, null, rules).retroactive()).isNull();
    }

    @Test
    void noRetroactiveAlertWhenThePreviousTransactionIsOutsideTheWindow() {
        AccountHistory h = new AccountHistory();
        DecisionEngine.step(txn(0).build(), h, null, rules);
        DecisionEngine.Step later = DecisionEngine.step(txn(40).build(), h, null, rules);
        assertThat(later.decision().decision()).isEqualTo(FraudAlert.Decision.ALLOW);
        assertThat(later.retroactive()).isNull();
    }

    @Test
    void moneyIsFormattedLikeTheOriginal() {
        assertThat(DecisionEngine.money(50_000)).isEqualTo("$50,000");
        assertThat(DecisionEngine.money(1234.5)).isEqualTo("$1,234.50");
    }

    @Test
    void repeatedTransactionIdIsNeitherDecidedNorRecordedAgain() {
        AccountHistory h = new AccountHistory();
        Transaction first = txn(0).build();
        assertThat(DecisionEngine.step(first, h, null, rules).duplicate()).isFalse();
        DecisionEngine.Step again = DecisionEngine.step(TransactionBuilder.from(first).amount(60_000).build(), h,
            null, rules);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.block()).isNull();
        assertThat(h.transactions).isEqualTo(1);
        assertThat(DecisionEngine.step(txn(1).build(), h, null, rules).duplicate()).isFalse();
    }

    @Test
    void idsAreRememberedForTheAccountsLastThirtyTwoTransactions() {
        AccountHistory h = new AccountHistory();
        for (int i = 0; i < AccountHistory.IDS_KEPT + 1; i++) {
            DecisionEngine.step(txn(i * 60).build(), h, null, rules);
        }
        assertThat(h.recentIds).hasSize(AccountHistory.IDS_KEPT);
        assertThat(h.seen(txn(0).build().transactionId())).as("oldest forgotten").isFalse();
        assertThat(h.seen(txn(60).build().transactionId())).isTrue();
    }
}
