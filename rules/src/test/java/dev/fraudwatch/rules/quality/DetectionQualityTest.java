package dev.fraudwatch.rules.quality;

import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.DecisionEngine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DetectionQualityTest {

    private static final FraudAlert.FiredRule HELD = new FraudAlert.FiredRule(Decision.ACCOUNT_BLOCKED, 0, Map.of());

    private static Decision decision(String account, FraudAlert.Decision d, FraudAlert.FiredRule... rules) {
        Transaction t = TransactionBuilder.transaction().accountNumber(account).build();
        return new Decision(t, d, 0, List.of(rules), null);
    }

    @Test
    void holdsOfABlockThatCaughtFraudAreNotFalseAlarmsButHoldsOfAFalseBlockAre() {
        DetectionQuality q = new DetectionQuality();
        q.add("amount_spike", decision("A", FraudAlert.Decision.BLOCK));
        q.add(DetectionQuality.LEGITIMATE, decision("A", FraudAlert.Decision.BLOCK, HELD));
        q.add(DetectionQuality.LEGITIMATE, decision("B", FraudAlert.Decision.BLOCK));
        q.add(DetectionQuality.LEGITIMATE, decision("B", FraudAlert.Decision.BLOCK, HELD));
        for (int i = 0; i < 6; i++) {
            q.add(DetectionQuality.LEGITIMATE, decision("C", FraudAlert.Decision.ALLOW));
        }

        assertThat(q.recall("amount_spike")).isEqualTo(1.0);
        // 9 legitimate: B's block and B's hold are false alarms, A's hold is not, the 6 allowed are fine.
        assertThat(q.falseAlarmRate()).isCloseTo(2.0 / 9, within(1e-9));
        assertThat(q.legitimateFlaggedRate()).isCloseTo(3.0 / 9, within(1e-9));
        assertThat(q.legitimateFlaggedByRulesRate()).isCloseTo(1.0 / 9, within(1e-9));
        assertThat(q.precision()).isCloseTo(1.0 / 4, within(1e-9));
        assertThat(q.precisionOfAlarms()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void aHoldWhoseBlockWasNotSeenCountsAsAFalseAlarm() {
        DetectionQuality q = new DetectionQuality();
        q.add(DetectionQuality.LEGITIMATE, decision("X", FraudAlert.Decision.BLOCK, HELD));
        assertThat(q.falseAlarmRate()).isEqualTo(1.0);
    }

    @Test
    void retroactiveAlertsAreCountedAndReported() {
        DetectionQuality q = new DetectionQuality();
        q.add("velocity_burst", decision("V", FraudAlert.Decision.REVIEW, new FraudAlert.FiredRule("velocity", 60,
            Map.of(DecisionEngine.RETROACTIVE, true))));
        q.add("velocity_burst", decision("V", FraudAlert.Decision.REVIEW, new FraudAlert.FiredRule("velocity", 60,
            Map.of())));
        assertThat(q.retroactive()).isEqualTo(1);
        assertThat(q.recall("velocity_burst")).isEqualTo(1.0);
        assertThat(q.report()).contains("of them 1 by a retroactive burst alert");
    }
}
