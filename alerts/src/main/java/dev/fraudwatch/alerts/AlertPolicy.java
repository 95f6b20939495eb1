package dev.fraudwatch.alerts;

import java.util.Locale;

/** The original's rule for which blocked transactions deserve a mail. */
public final class AlertPolicy {

    private final double threshold;

    public AlertPolicy(double threshold) {
        this.threshold = threshold;
    }

    /** True when the amount exceeds the threshold or the reason mentions fraud (in any letter case). */
    public boolean qualifies(BlockedTransaction t) {
        return t.amount() > threshold
            || (t.reason() != null && t.reason().toLowerCase(Locale.ROOT).contains("fraud"));
    }
}
