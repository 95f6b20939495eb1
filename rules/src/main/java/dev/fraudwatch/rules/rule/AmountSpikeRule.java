package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Arrays;
import java.util.Map;

/**
 * An amount far above what this account usually spends. "Usual" is the median of the account's recent amounts
 * (robust to the odd spike or card-testing probe in the history); while fewer than {@code min_history} amounts
 * are known it is the profile's {@code Usual Transaction Amount}.
 */
public final class AmountSpikeRule implements Rule {
    public static final String ID = "amount_spike";
    /** Fires when amount > factor x typical. */
    public static final String FACTOR = "factor";
    /** Amounts learned before the median replaces the profile's usual amount. */
    public static final String MIN_HISTORY = "min_history";

    /** The account's typical amount: median of {@code recent} once it has {@code minHistory} values, else usual. */
    public static double typical(double[] recent, double usual, int minHistory) {
        if (recent.length < Math.max(1, minHistory)) {
            return usual;
        }
        double[] sorted = recent.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static boolean fires(double amount, double typical, double factor) {
        return typical > 0 && amount > factor * typical;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 60, Map.of(FACTOR, 4.0, MIN_HISTORY, 5.0));
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        int minHistory = (int) config.param(MIN_HISTORY);
        double typical = typical(history.amounts, t.usualTransactionAmount(), minHistory);
        double factor = config.param(FACTOR);
        double amount = t.currentTransactionAmount();
        if (!fires(amount, typical, factor)) {
            return null;
        }
        return Evidence.of("amount", amount).and("typical_amount", typical)
            .and("typical_from", history.amounts.length >= Math.max(1, minHistory)
                ? "median of last " + history.amounts.length : "Usual Transaction Amount")
            .and("ratio", amount / typical).and(FACTOR, factor).map();
    }
}
