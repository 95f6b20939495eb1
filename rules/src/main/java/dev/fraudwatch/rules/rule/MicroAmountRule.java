package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * A card-testing probe itself: an amount under {@code max_amount} from an account whose usual amount is at least
 * {@code min_usual}. {@link CardTestingRule} can only see the probe once the large follow-up arrives; this rule
 * flags the probes as they happen.
 */
public final class MicroAmountRule implements Rule {
    public static final String ID = "micro_amount";
    public static final String MAX_AMOUNT = "max_amount";
    public static final String MIN_USUAL = "min_usual";

    public static boolean fires(double amount, double usual, double maxAmount, double minUsual) {
        return amount >= 0 && amount < maxAmount && usual >= minUsual;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 50, Map.of(MAX_AMOUNT, 1.0, MIN_USUAL, 50.0));
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        double amount = t.currentTransactionAmount();
        double usual = t.usualTransactionAmount();
        if (!fires(amount, usual, config.param(MAX_AMOUNT), config.param(MIN_USUAL))) {
            return null;
        }
        return Evidence.of("amount", amount).and("usual_amount", usual).and(MAX_AMOUNT, config.param(MAX_AMOUNT))
            .map();
    }
}
