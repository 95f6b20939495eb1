package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * A different country from the account's previous transaction, too soon after it to have travelled. Its default
 * weight stays below the review threshold on its own: the legitimate transaction that follows a fraudulent one
 * from abroad also "travels" back home, and must not be flagged for that alone.
 */
public final class ImpossibleTravelRule implements Rule {
    public static final String ID = "impossible_travel";
    public static final String WITHIN_MINUTES = "within_minutes";

    public static boolean fires(String previousCountry, long previousTime, String country, long time,
                                long withinMillis) {
        return previousCountry != null && country != null && !previousCountry.equals(country)
            && Math.abs(time - previousTime) < withinMillis;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 30, Map.of(WITHIN_MINUTES, 120.0));
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        if (history.isEmpty()) {
            return null;
        }
        long within = (long) (config.param(WITHIN_MINUTES) * 60_000);
        long time = eventTime;
        if (!fires(history.lastCountry, history.lastTime, t.country(), time, within)) {
            return null;
        }
        return Evidence.of("previous_country", history.lastCountry).and("country", t.country())
            .and("minutes_apart", Math.abs(time - history.lastTime) / 60_000.0)
            .and(WITHIN_MINUTES, config.param(WITHIN_MINUTES)).map();
    }
}
