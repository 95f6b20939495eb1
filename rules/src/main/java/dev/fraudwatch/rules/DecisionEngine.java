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
    public record Step(Decision decision, AccountBlock block, FraudAlert retroactive) {
        public Step(Decision decision, AccountBlock block) {
            this(decision, block, null);
        }

        public boolean duplicate() {
            return decision == null;
        }
    }

    /** Evidence key marking a retroactive alert, and the id of the transaction that revealed it. */
    public static final String RETROACTIVE = "retroactive";
    public static final String REVEALED_BY = "revealed_by";

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
        FraudAlert retroactive = retroactiveVelocity(t, eventTime, history, fired, window, rules);
        history.record(t, eventTime, trusted(decision, fired), window);
        history.lastAllowed = decision == FraudAlert.Decision.ALLOW;
        return new Step(new Decision(t, decision, score, fired, reason), after, retroactive);
    }

    /**
     * A burst's first transaction looks like any other: only the second one reveals the burst. When the velocity
     * rule fires and the account's previous transaction lies inside the window and was allowed, that transaction
     * is reported too, as a REVIEW alert of its own (with the velocity rule's weight and the revealing transaction
     * in the evidence), so an analyst sees the whole burst. The previous transaction's decision stays what it was
     * (it was allowed and counted when it came); the alert is a follow-up, not a second decision. Null otherwise.
     */
    static FraudAlert retroactiveVelocity(Transaction t, long eventTime, AccountHistory history,
                                          List<FraudAlert.FiredRule> fired, long window, RuleSet rules) {
        if (history.isEmpty() || !history.lastAllowed || history.lastId == null
            || Math.abs(eventTime - history.lastTime) >= window) {
            return null;
        }
        for (FraudAlert.FiredRule r : fired) {
            if (VelocityRule.ID.equals(r.rule())) {
                Map<String, Object> evidence = new LinkedHashMap<>(r.evidence());
                evidence.put(RETROACTIVE, true);
                evidence.put(REVEALED_BY, t.transactionId());
                FraudAlert.FiredRule rule = new FraudAlert.FiredRule(VelocityRule.ID, r.weight(), evidence);
                FraudAlert.Decision decision = r.weight() >= rules.review() ? FraudAlert.Decision.REVIEW
                    : FraudAlert.Decision.ALLOW;
                return decision == FraudAlert.Decision.ALLOW ? null : new FraudAlert(history.lastId,
                    t.accountNumber(), t.name(), history.lastAmount, history.lastTransactionTime, decision,
                    r.weight(), List.of(rule), null);
            }
        }
        return null;
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
