package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VelocityRuleTest {

    private final VelocityRule rule = new VelocityRule();

    @Test
    void countsOnlyTransactionsInsideTheWindowPlusTheCurrentOne() {
        long now = 1_000_000;
        double[] cs = VelocityRule.countAndSum(new long[] {now - 61_000, now - 60_000, now - 59_999, now - 1},
            new double[] {1, 2, 3, 4}, now, 10, 60_000);
        assertThat(cs[0]).isEqualTo(3);
        assertThat(cs[1]).isEqualTo(17);
    }

    @Test
    void firesOnCountOrSum() {
        assertThat(VelocityRule.fires(9, 0, 8, 0)).isTrue();
        assertThat(VelocityRule.fires(8, 0, 8, 0)).isFalse();
        assertThat(VelocityRule.fires(2, 10_001, 8, 10_000)).isTrue();
        assertThat(VelocityRule.fires(2, 10_001, 8, 0)).as("sum check off").isFalse();
    }

    @Test
    void evidenceCarriesCountAndWindow() {
        AccountHistory h = new AccountHistory();
        h.windowTimes = new long[] {0, 0, 0};
        h.windowAmounts = new double[] {1, 1, 1};
        var t = TransactionBuilder.transaction().time("1970-01-01 00:00:10.000000").amount(5).build();
        RuleConfig config = RuleConfig.of(true, 60, Map.of(VelocityRule.WINDOW_SECONDS, 60.0,
            VelocityRule.MAX_COUNT, 3.0, VelocityRule.MAX_SUM_FACTOR, 0.0));
        assertThat(rule.evaluate(t, t.eventTimeMillis(), h, config)).containsEntry("count", 4L)
            .containsEntry("window_seconds", 60L);
    }
}
