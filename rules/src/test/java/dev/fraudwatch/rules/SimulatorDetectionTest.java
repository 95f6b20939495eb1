package dev.fraudwatch.rules;

import dev.fraudwatch.rules.quality.DetectionQuality;
import dev.fraudwatch.simulator.Scenarios;
import dev.fraudwatch.simulator.SimulatedTransaction;
import dev.fraudwatch.simulator.SimulatorConfig;
import dev.fraudwatch.simulator.TransactionGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default rules on the simulator's own traffic (default simulation: 1000 customers, 5 % fraud, 10 tx/s on a
 * simulated clock, fixed seed) through the pure decision core, with per-account state as the operator keeps it.
 */
class SimulatorDetectionTest {

    private static final int TRANSACTIONS = 50_000;

    @Test
    void defaultRulesMeetTheDetectionTargetsOnTheSimulatorsTraffic() {
        SimulatorConfig config = SimulatorConfig.defaults().withSeed(20250301)
            .withSimulatedClock(LocalDateTime.of(2025, 3, 1, 9, 0));
        TransactionGenerator generator = new TransactionGenerator(config, Clock.systemUTC());
        QualityReplay replay = new QualityReplay(RuleSet.defaults());
        long start = System.nanoTime();
        for (int i = 0; i < TRANSACTIONS; i++) {
            SimulatedTransaction st = generator.next();
            replay.add(st.transaction(), st.scenario());
        }
        DetectionQuality q = replay.quality();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("Default rules on %,d simulator transactions (%s), generated and decided in %d ms:%n%s",
            TRANSACTIONS, config.describe(), ms, q.report());

        for (String s : List.of(Scenarios.AMOUNT_SPIKE, Scenarios.ACCOUNT_TAKEOVER, Scenarios.CARD_TESTING,
            Scenarios.UPSTREAM_FLAG, Scenarios.VELOCITY_BURST)) {
            assertThat(q.count(s)).as(s).isPositive();
            assertThat(q.recall(s)).as("recall of " + s).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(q.retroactive()).as("bursts' first transactions, reported retroactively").isPositive();
        assertThat(q.falseAlarmRate()).isLessThanOrEqualTo(0.01);
        assertThat(q.legitimateFlaggedByRulesRate()).isLessThanOrEqualTo(0.01);
    }
}
