package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LargeAmountRuleTest {

    private final LargeAmountRule rule = new LargeAmountRule();

    @Test
    void firesStrictlyAboveThreshold() {
        assertThat(LargeAmountRule.fires(50_000.01, 50_000)).isTrue();
        assertThat(LargeAmountRule.fires(50_000, 50_000)).isFalse();
        assertThat(LargeAmountRule.fires(49_999, 50_000)).isFalse();
    }

    @Test
    void evidenceNamesAmountAndThreshold() {
        var evidence = rule.evaluate(TransactionBuilder.transaction().amount(60_000).build(), 0, new AccountHistory(),
            rule.defaults());
        assertThat(evidence).containsEntry("amount", 60_000.0).containsEntry("threshold", 50_000.0);
    }

    @Test
    void defaultWeightReachesBlockThreshold() {
        assertThat(rule.defaults().weight()).isGreaterThanOrEqualTo(RuleSet.defaults().block());
    }
}
