package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/** The upstream system's own signal: {@code Fraud Flags} other than {@code No Fraud} (the original's only one). */
public final class UpstreamFlagRule implements Rule {
    public static final String ID = "upstream_flag";

    public static boolean fires(String fraudFlags) {
        return fraudFlags != null && !fraudFlags.isBlank() && !Transaction.NO_FRAUD.equals(fraudFlags);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 50, Map.of());
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        return fires(t.fraudFlags()) ? Evidence.of("fraud_flags", t.fraudFlags()).map() : null;
    }
}
