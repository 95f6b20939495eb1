package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.rules.quality.DetectionQuality;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default rules on seeded traffic with the simulator's fraud patterns, through the pure decision core. */
class ScenarioDetectionTest {

    /** Feeds labelled traffic through {@link DecisionEngine} with per-account state, as the operator does. */
    static DetectionQuality run(List<TrafficFixture.Labelled> traffic, RuleSet rules) {
        QualityReplay replay = new QualityReplay(rules);
        traffic.forEach(l -> replay.add(l.transaction(), l.scenario()));
        return replay.quality();
    }

    @Test
    void defaultRulesCatchEveryScenarioAndSpareLegitimateCustomers() {
        long t0 = System.nanoTime();
        List<TrafficFixture.Labelled> traffic = new TrafficFixture(42, 1000, 0.05).take(30_000);
        long t1 = System.nanoTime();
        DetectionQuality q = run(traffic, RuleSet.defaults());
        long t2 = System.nanoTime();
        System.out.printf("Default rules on 30,000 fixture transactions (seed 42), generated in %d ms, decided in "
            + "%d ms:%n%s", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, q.report());
        assertThat(q.scenarios()).containsExactlyInAnyOrder("account_takeover", "amount_spike", "card_testing",
            "upstream_flag", "velocity_burst");
        for (String s : q.scenarios()) {
            assertThat(q.recall(s)).as(s).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(q.falseAlarmRate()).isLessThanOrEqualTo(0.01);
        assertThat(q.legitimateFlaggedByRulesRate()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void withoutFraudNothingIsFlagged() {
        // 2,000 customers at 10 tx/s: accounts are quiet for 30 s between transactions, as in the simulator.
        DetectionQuality q = run(new TrafficFixture(7, 2000, 0.0).take(10_000), RuleSet.defaults());
        assertThat(q.legitimateFlaggedRate()).isZero();
    }

    @Test
    void theOriginalRuleAloneBlocksOnlyLargeAmounts() {
        RuleSet onlyOriginal = RuleSet.defaults();
        for (String id : onlyOriginal.rules().keySet()) {
            if (!id.equals("large_amount")) {
                onlyOriginal = onlyOriginal.with(id, new RuleConfig(false, null, null));
            }
        }
        RuleSet rules = onlyOriginal.resolved();
        Map<String, AccountHistory> h = new HashMap<>();
        for (TrafficFixture.Labelled l : new TrafficFixture(3, 200, 0.05).take(5_000)) {
            Decision d = DecisionEngine.step(l.transaction(), h.computeIfAbsent(l.transaction().accountNumber(),
                k -> new AccountHistory()), null, rules).decision();
            boolean large = l.transaction().currentTransactionAmount() > 50_000;
            assertThat(d.decision()).isEqualTo(large ? FraudAlert.Decision.BLOCK : FraudAlert.Decision.ALLOW);
            if (large) {
                assertThat(d.blockReason()).isEqualTo("Amount exceeds $50,000");
            }
        }
    }
}
