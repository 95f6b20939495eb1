package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.quality.DetectionQuality;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays labelled transactions through {@link DecisionEngine} with per-account state, as the operator does, and
 * tallies the outcome the way {@code fraudwatch evaluate} reads it from the topics: a retroactive alert about an
 * allowed transaction turns its outcome into that alert's decision.
 */
final class QualityReplay {

    private record Outcome(String scenario, Decision decision) {
    }

    private final RuleSet rules;
    private final Map<String, AccountHistory> histories = new HashMap<>();
    private final Map<String, AccountBlock> blocks = new HashMap<>();
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    long retroactiveAlerts;

    QualityReplay(RuleSet rules) {
        this.rules = rules.resolved();
    }

    void add(Transaction t, String scenario) {
        String account = t.accountNumber();
        DecisionEngine.Step step = DecisionEngine.step(t, histories.computeIfAbsent(account,
            k -> new AccountHistory()), blocks.get(account), rules);
        if (step.block() != null) {
            blocks.put(account, step.block());
        }
        outcomes.put(t.transactionId(), new Outcome(scenario, step.decision()));
        FraudAlert a = step.retroactive();
        if (a != null) {
            retroactiveAlerts++;
            Outcome earlier = outcomes.get(a.transactionId());
            Decision d = earlier.decision();
            outcomes.put(a.transactionId(), new Outcome(earlier.scenario(),
                new Decision(d.transaction(), a.decision(), a.riskScore(), a.firedRules(), null)));
        }
    }

    DetectionQuality quality() {
        DetectionQuality q = new DetectionQuality();
        outcomes.values().forEach(o -> q.add(o.scenario(), o.decision()));
        return q;
    }
}
