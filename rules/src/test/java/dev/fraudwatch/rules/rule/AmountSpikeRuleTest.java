package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.AccountHistory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AmountSpikeRuleTest {

    private final AmountSpikeRule rule = new AmountSpikeRule();

    @Test
    void typicalFallsBackToUsualWhileHistoryIsShort() {
        assertThat(AmountSpikeRule.typical(new double[] {10, 20}, 1000, 5)).isEqualTo(1000);
    }

    @Test
    void typicalIsMedianOnceHistoryIsLongEnough() {
        assertThat(AmountSpikeRule.typical(new double[] {900, 100_000, 1000, 1100, 0.5}, 5000, 5))
            .isEqualTo(1000);
        assertThat(AmountSpikeRule.typical(new double[] {1, 2, 3, 4}, 5000, 4)).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void firesAboveFactorTimesTypical() {
        assertThat(AmountSpikeRule.fires(4001, 1000, 4)).isTrue();
        assertThat(AmountSpikeRule.fires(4000, 1000, 4)).isFalse();
        assertThat(AmountSpikeRule.fires(100, 0, 4)).isFalse();
    }

    @Test
    void learnsAccountsOwnAmountsOverProfile() {
        // Profile says 5,000 but the account really spends about 100: 1,000 is a spike for it.
        AccountHistory h = new AccountHistory();
        h.amounts = new double[] {100, 95, 110, 105, 90};
        var t = TransactionBuilder.transaction().usualAmount(5000).amount(1000).build();
        var evidence = rule.evaluate(t, t.eventTimeMillis(), h, rule.defaults());
        assertThat(evidence).isNotNull().containsEntry("typical_amount", 100.0)
            .containsEntry("typical_from", "median of last 5");
    }

    @Test
    void silentForAmountsAroundUsual() {
        var t = TransactionBuilder.transaction().usualAmount(1000).amount(1500).build();
        assertThat(rule.evaluate(t, t.eventTimeMillis(), new AccountHistory(), rule.defaults())).isNull();
    }
}
