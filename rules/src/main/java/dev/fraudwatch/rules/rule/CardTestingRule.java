package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * Card testing: the account's previous transaction was a tiny probe (under {@code probe_max}) and this one,
 * within {@code within_seconds}, is large (over {@code follow_min}): a stolen card checked, then used.
 */
public final class CardTestingRule implements Rule {
    public static final String ID = "card_testing";
    public static final String PROBE_MAX = "probe_max";
    public static final String FOLLOW_MIN = "follow_min";
    public static final String WITHIN_SECONDS = "within_seconds";

    public static boolean fires(double previousAmount, long previousTime, double amount, long time,
                                double probeMax, double followMin, long withinMillis) {
        return previousAmount < probeMax && amount > followMin && time - previousTime >= 0
            && time - previousTime <= withinMillis;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 80, Map.of(PROBE_MAX, 1.0, FOLLOW_MIN, 500.0, WITHIN_SECONDS, 60.0));
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        if (history.isEmpty()) {
            return null;
        }
        long within = (long) (config.param(WITHIN_SECONDS) * 1000);
        long time = eventTime;
        double amount = t.currentTransactionAmount();
        if (!fires(history.lastAmount, history.lastTime, amount, time, config.param(PROBE_MAX),
            config.param(FOLLOW_MIN), within)) {
            return null;
        }
        return Evidence.of("probe_amount", history.lastAmount).and("amount", amount)
            .and("seconds_after_probe", (time - history.lastTime) / 1000.0).and(PROBE_MAX, config.param(PROBE_MAX))
            .and(FOLLOW_MIN, config.param(FOLLOW_MIN)).map();
    }
}
