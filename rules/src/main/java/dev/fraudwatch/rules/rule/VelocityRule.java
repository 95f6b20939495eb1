package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * Too many transactions, or too much money, within a sliding event-time window around this transaction
 * (the transaction itself included). The sum limit is relative to the profile's usual amount, so one setting
 * fits customers who spend 100 and 5,000 alike.
 */
public final class VelocityRule implements Rule {
    public static final String ID = "velocity";
    public static final String WINDOW_SECONDS = "window_seconds";
    /** Fires when the count in the window exceeds this. */
    public static final String MAX_COUNT = "max_count";
    /** Fires when the sum in the window exceeds this many times the usual amount; 0 turns the sum check off. */
    public static final String MAX_SUM_FACTOR = "max_sum_factor";

    /**
     * Count and sum of the transactions less than a window away from {@code now} (either side, so an event that
     * arrives late still meets the ones recorded after it), {@code now}'s own amount included.
     */
    public static double[] countAndSum(long[] times, double[] amounts, long now, double amount, long windowMillis) {
        double count = 1;
        double sum = amount;
        for (int i = 0; i < times.length; i++) {
            if (times[i] > now - windowMillis && times[i] < now + windowMillis) {
                count++;
                sum += amounts[i];
            }
        }
        return new double[] {count, sum};
    }

    public static boolean fires(double count, double sum, double maxCount, double maxSum) {
        return count > maxCount || (maxSum > 0 && sum > maxSum);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 60, Map.of(WINDOW_SECONDS, 20.0, MAX_COUNT, 1.0, MAX_SUM_FACTOR, 0.0));
    }

    /** The window length in ms a config asks for (history keeps at most this much). */
    public static long windowMillis(RuleConfig config) {
        return (long) (config.param(WINDOW_SECONDS) * 1000);
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        long window = windowMillis(config);
        double[] cs = countAndSum(history.windowTimes, history.windowAmounts, eventTime,
            t.currentTransactionAmount(), window);
        double maxCount = config.param(MAX_COUNT);
        double maxSum = config.param(MAX_SUM_FACTOR) * t.usualTransactionAmount();
        if (!fires(cs[0], cs[1], maxCount, maxSum)) {
            return null;
        }
        return Evidence.of("count", (long) cs[0]).and("sum", cs[1]).and(WINDOW_SECONDS, window / 1000)
            .and(MAX_COUNT, (long) maxCount).and("max_sum", maxSum).map();
    }
}
