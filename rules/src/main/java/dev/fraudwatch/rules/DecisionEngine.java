package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.rule.LargeAmountRule;
import dev.fraudwatch.rules.rule.NewDeviceRule;
import dev.fraudwatch.rules.rule.Rule;
import dev.fraudwatch.rules.rule.Rules;
import dev.fraudwatch.rules.rule.VelocityRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decision core, free of Flink: evaluates every enabled rule on a transaction and the account's history,
 * adds up the weights, applies the thresholds and the account's block, then updates the history. The Flink
 * operator only loads the account's state, calls {@link #step} and stores the state back; tests and the
 * quality evaluation call the same method on plain objects.
 */
public final class DecisionEngine {

    private DecisionEngine() {
    }

    /**
     * The result of one step: the decision, and the account's block afterwards (null when not blocked). A
     * repeated transaction ({@link #duplicate()}) has no decision: it was decided when it first arrived.
     */
    public record Step(Decision decision, AccountBlock block) {
        public boolean duplicate() {
            return decision == null;
        }
    }

    /**
     * Decides {@code t} and records it into {@code history} (mutated). {@code rules} must be resolved.
     * {@code block} is the account's current block or null. A transaction whose id the account has seen among its
     * last {@link AccountHistory#IDS_KEPT} transactions is a repeat (a producer retry, a replayed file): it is
     * neither decided nor recorded again, so it cannot inflate velocity or the analytics, and the step says so.
     */
    public static Step step(Transaction t, AccountHistory history, AccountBlock block, RuleSet rules) {
        if (t.transactionId() != null && history.seen(t.transactionId())) {
            return new Step(null, block);
        }
        long eventTime = t.eventTimeMillis();
        List<FraudAlert.FiredRule> fired = evaluate(t, eventTime, history, rules);
        double score = 0;
        for (FraudAlert.FiredRule r : fired) {
            score += r.weight();
        }
        FraudAlert.Decision decision;
        String reason = null;
        AccountBlock after = block;
        if (block != null) {
            decision = FraudAlert.Decision.BLOCK;
            reason = block.describe();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("blocked_since", block.since);
            evidence.put("reason", block.reason);
            evidence.put("by", block.by);
            fired.add(new FraudAlert.FiredRule(Decision.ACCOUNT_BLOCKED, 0, evidence));
        } else if (score >= rules.block()) {
            decision = FraudAlert.Decision.BLOCK;
            reason = blockReason(fired, score, rules);
            if (rules.blocksAccount()) {
                after = new AccountBlock(t.transactionTime(), reason, AccountBlock.BY_RULES);
            }
        } else if (score >= rules.review()) {
            decision = FraudAlert.Decision.REVIEW;
        } else {
            decision = FraudAlert.Decision.ALLOW;
        }
        long window = VelocityRule.windowMillis(rules.rule(VelocityRule.ID));
        history.record(t, eventTime, trusted(decision, fired), window);
        return new Step(new Decision(t, decision, score, fired, reason), after);
    }

    /**
     * Whether {@code t} may teach the account its device, IP address and country: only when allowed, and not from
     * a device the account's profile does not list. Without the second condition an account whose very first
     * transaction is a takeover (nothing to compare IP and country with yet) would learn the intruder's IP and
     * country, and its owner's next transaction would look like the intruder.
     */
    static boolean trusted(FraudAlert.Decision decision, List<FraudAlert.FiredRule> fired) {
        if (decision != FraudAlert.Decision.ALLOW) {
            return false;
        }
        for (FraudAlert.FiredRule r : fired) {
            if (NewDeviceRule.ID.equals(r.rule())) {
                return false;
            }
        }
        return true;
    }

    /** Every enabled rule that fires on {@code t} given {@code history} (not changed), in {@link Rules#ALL} order. */
    public static List<FraudAlert.FiredRule> evaluate(Transaction t, long eventTime, AccountHistory history,
                                                      RuleSet rules) {
        List<FraudAlert.FiredRule> fired = new ArrayList<>(2);
        for (Rule rule : Rules.ALL) {
            RuleConfig config = rules.rule(rule.id());
            if (config == null || !config.isEnabled()) {
                continue;
            }
            Map<String, Object> evidence = rule.evaluate(t, eventTime, history, config);
            if (evidence != null) {
                fired.add(new FraudAlert.FiredRule(rule.id(), config.weightOr(0), evidence));
            }
        }
        return fired;
    }

    /**
     * The original's reason when the large-amount rule fired (it alone reaches the block threshold by default),
     * otherwise the score and the rules that made it.
     */
    static String blockReason(List<FraudAlert.FiredRule> fired, double score, RuleSet rules) {
        for (FraudAlert.FiredRule r : fired) {
            if (LargeAmountRule.ID.equals(r.rule()) && r.weight() >= rules.block()) {
                double threshold = rules.rule(LargeAmountRule.ID).param(LargeAmountRule.THRESHOLD);
                return "Amount exceeds " + money(threshold);
            }
        }
        List<String> ids = fired.stream().map(FraudAlert.FiredRule::rule).toList();
        return String.format(Locale.ROOT, "Risk score %s reached the block threshold %s: %s", number(score),
            number(rules.block()), String.join(", ", ids));
    }

    /** {@code $50,000} for 50000, {@code $1,234.50} for 1234.5: the original's formatting. */
    static String money(double amount) {
        return amount == Math.rint(amount) ? String.format(Locale.US, "$%,.0f", amount)
            : String.format(Locale.US, "$%,.2f", amount);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
