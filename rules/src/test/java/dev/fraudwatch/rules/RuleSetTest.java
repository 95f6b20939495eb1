package dev.fraudwatch.rules;

import dev.fraudwatch.rules.rule.Rules;
import dev.fraudwatch.rules.rule.VelocityRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSetTest {

    @Test
    void defaultsCoverEveryRuleAndAreValid() {
        RuleSet d = RuleSet.defaults();
        assertThat(d.rules().keySet()).hasSize(Rules.ALL.size());
        assertThat(d.problems()).isEmpty();
        assertThat(d.review()).isLessThan(d.block());
    }

    @Test
    void roundTripsThroughJson() {
        RuleSet d = RuleSet.defaults();
        assertThat(RuleSet.fromJson(d.toJson())).isEqualTo(d);
    }

    @Test
    void partialRuleSetKeepsDefaultsForWhatItLeavesOut() {
        String json = """
            {"version":7,"review_threshold":40,
             "rules":{"velocity":{"params":{"max_count":3}},"new_ip":{"enabled":false}}}""";
        RuleSet r = RuleSet.fromJson(json.getBytes(StandardCharsets.UTF_8)).resolved();
        assertThat(r.version()).isEqualTo(7);
        assertThat(r.review()).isEqualTo(40);
        assertThat(r.block()).isEqualTo(RuleSet.DEFAULT_BLOCK_THRESHOLD);
        assertThat(r.rule(VelocityRule.ID).param(VelocityRule.MAX_COUNT)).isEqualTo(3);
        RuleConfig velocityDefaults = new VelocityRule().defaults();
        assertThat(r.rule(VelocityRule.ID).param(VelocityRule.WINDOW_SECONDS))
            .isEqualTo(velocityDefaults.param(VelocityRule.WINDOW_SECONDS));
        assertThat(r.rule(VelocityRule.ID).weight()).isEqualTo(velocityDefaults.weight());
        assertThat(r.rule("new_ip").isEnabled()).isFalse();
        assertThat(r.rule("amount_spike").isEnabled()).isTrue();
    }

    @Test
    void reportsProblems() {
        String json = """
            {"version":2,"review_threshold":90,"block_threshold":80,
             "rules":{"nope":{},"velocity":{"weight":-1},"card_testing":{"params":{"bogus":1}}}}""";
        assertThat(RuleSet.fromJson(json.getBytes(StandardCharsets.UTF_8)).problems())
            .hasSize(4).anyMatch(p -> p.contains("unknown rule 'nope'"))
            .anyMatch(p -> p.contains("negative weight")).anyMatch(p -> p.contains("'bogus'"))
            .anyMatch(p -> p.contains("thresholds"));
    }
}
