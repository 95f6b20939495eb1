package dev.fraudwatch.rules.rule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardTestingRuleTest {

    @Test
    void firesOnLargeTransactionRightAfterTinyProbe() {
        assertThat(CardTestingRule.fires(0.42, 0, 750, 30_000, 1.0, 500, 60_000)).isTrue();
    }

    @Test
    void silentWhenTooLateOrNotTinyOrNotLarge() {
        assertThat(CardTestingRule.fires(0.42, 0, 750, 60_001, 1.0, 500, 60_000)).isFalse();
        assertThat(CardTestingRule.fires(1.00, 0, 750, 1_000, 1.0, 500, 60_000)).isFalse();
        assertThat(CardTestingRule.fires(0.42, 0, 500, 1_000, 1.0, 500, 60_000)).isFalse();
    }

    @Test
    void microAmountFlagsProbesOfAccountsThatSpendMore() {
        assertThat(MicroAmountRule.fires(0.99, 300, 1.0, 50)).isTrue();
        assertThat(MicroAmountRule.fires(1.00, 300, 1.0, 50)).isFalse();
        assertThat(MicroAmountRule.fires(0.50, 20, 1.0, 50)).isFalse();
    }
}
