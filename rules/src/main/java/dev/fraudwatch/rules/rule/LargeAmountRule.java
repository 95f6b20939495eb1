package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/** The original system's only rule: an amount above 50,000 is blocked. Its weight reaches the block threshold. */
public final class LargeAmountRule implements Rule {
    public static final String ID = "large_amount";
    public static final String THRESHOLD = "threshold";

    public static boolean fires(double amount, double threshold) {
        return amount > threshold;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 150, Map.of(THRESHOLD, BlockedCustomer.AMOUNT_THRESHOLD));
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        double threshold = config.param(THRESHOLD);
        double amount = t.currentTransactionAmount();
        return fires(amount, threshold) ? Evidence.of("amount", amount).and(THRESHOLD, threshold).map() : null;
    }
}
