package dev.fraudwatch.rules.quality;

import dev.fraudwatch.rules.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tallies decisions against ground truth (the simulator's {@code fw-scenario}, {@link #LEGITIMATE} for none):
 * recall per scenario, overall precision and the share of legitimate transactions flagged. Transactions
 * blocked only because their account was blocked earlier ({@link Decision#blockedByAccount()}) are counted as
 * flagged, and also reported on their own line, since they follow from the blocking policy rather than from a
 * rule matching the transaction.
 */
public final class DetectionQuality {

    public static final String LEGITIMATE = "none";

    private final Map<String, long[]> byScenario = new TreeMap<>();
    private long legitimate;
    private long legitimateFlagged;
    private long legitimateBlockedByAccount;
    private long flagged;
    private long flaggedFraud;
    private long fraudBlockedByAccount;

    /** Counts one decision; {@code scenario} is the ground truth. */
    public void add(String scenario, Decision d) {
        boolean isFlagged = d.flagged();
        if (isFlagged) {
            flagged++;
        }
        if (scenario == null || LEGITIMATE.equals(scenario)) {
            legitimate++;
            if (isFlagged) {
                legitimateFlagged++;
                if (d.blockedByAccount()) {
                    legitimateBlockedByAccount++;
                }
            }
            return;
        }
        long[] c = byScenario.computeIfAbsent(scenario, k -> new long[2]);
        c[0]++;
        if (isFlagged) {
            c[1]++;
            flaggedFraud++;
            if (d.blockedByAccount()) {
                fraudBlockedByAccount++;
            }
        }
    }

    /** Share of a scenario's transactions flagged; NaN when none was seen. */
    public double recall(String scenario) {
        long[] c = byScenario.get(scenario);
        return c == null || c[0] == 0 ? Double.NaN : (double) c[1] / c[0];
    }

    public List<String> scenarios() {
        return new ArrayList<>(byScenario.keySet());
    }

    public long count(String scenario) {
        long[] c = byScenario.get(scenario);
        return c == null ? 0 : c[0];
    }

    /** Share of flagged transactions that are fraud. */
    public double precision() {
        return flagged == 0 ? Double.NaN : (double) flaggedFraud / flagged;
    }

    /** Precision when transactions blocked only by their account's earlier block are left out. */
    public double precisionByRules() {
        long byRules = flagged - legitimateBlockedByAccount - fraudBlockedByAccount;
        return byRules == 0 ? Double.NaN : (double) (flaggedFraud - fraudBlockedByAccount) / byRules;
    }

    /** Share of legitimate transactions flagged, account blocks included. */
    public double legitimateFlaggedRate() {
        return legitimate == 0 ? 0 : (double) legitimateFlagged / legitimate;
    }

    /** Share of legitimate transactions flagged by a rule on the transaction itself (account blocks excluded). */
    public double legitimateFlaggedByRulesRate() {
        return legitimate == 0 ? 0 : (double) (legitimateFlagged - legitimateBlockedByAccount) / legitimate;
    }

    /** A small table, one line per scenario, then precision and the legitimate lines. */
    public String report() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s %9s%n", "scenario", "count",
            "recall"));
        byScenario.forEach((s, c) -> sb.append(String.format(Locale.ROOT, "%-18s %9d %9.4f%n", s, c[0],
            (double) c[1] / c[0])));
        sb.append(String.format(Locale.ROOT, "precision %.4f (%d of %d flagged are fraud); without account "
            + "blocks %.4f%n", precision(), flaggedFraud, flagged, precisionByRules()));
        sb.append(String.format(Locale.ROOT, "legitimate %d, flagged %.4f%% (by rules %.4f%%, by account block "
            + "%.4f%%)%n", legitimate, 100 * legitimateFlaggedRate(), 100 * legitimateFlaggedByRulesRate(),
            100.0 * legitimateBlockedByAccount / Math.max(1, legitimate)));
        return sb.toString();
    }
}
