package dev.fraudwatch.rules.quality;

import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.DecisionEngine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tallies decisions against ground truth (the simulator's {@code fw-scenario}, {@link #LEGITIMATE} for none):
 * recall per scenario, precision and the share of legitimate transactions flagged.
 *
 * <p>Decisions must be added in each account's transaction order, because a transaction held only because its
 * account was blocked earlier ({@link Decision#blockedByAccount()}) is judged by the transaction that caused the
 * block. A block raised on a fraudulent transaction is a correct block, and holding the account's later
 * transactions is the blocking policy working as intended until an analyst unblocks it: those holds are counted
 * as flagged and reported on their own line, but not as false alarms. A block raised on a legitimate transaction
 * is a false alarm, and so is every later transaction it holds. {@link #falseAlarmRate()} is therefore the share
 * of legitimate transactions that were flagged by a rule or held by a false block; {@link #legitimateFlaggedRate()}
 * counts every hold.
 *
 * <p>An alert marked retroactive ({@link DecisionEngine#RETROACTIVE}: a burst's first transaction, reported when
 * the second one revealed the burst) counts as flagging that transaction, and the report says how many did.
 */
public final class DetectionQuality {

    public static final String LEGITIMATE = "none";

    private final Map<String, long[]> byScenario = new TreeMap<>();
    /** Per account whose block is known: whether the transaction that caused it was fraud. */
    private final Map<String, Boolean> blockCausedByFraud = new HashMap<>();
    private long legitimate;
    private long legitimateFlagged;
    private long legitimateHeldByFalseBlock;
    private long legitimateHeldByCorrectBlock;
    private long flagged;
    private long flaggedFraud;
    private long fraudHeldByBlock;
    private long retroactive;

    /** Counts one decision; {@code scenario} is the ground truth. */
    public void add(String scenario, Decision d) {
        boolean fraud = scenario != null && !LEGITIMATE.equals(scenario);
        boolean held = d.blockedByAccount();
        String account = d.transaction().accountNumber();
        if (!held && d.decision() == FraudAlert.Decision.BLOCK) {
            blockCausedByFraud.put(account, fraud);
        }
        boolean isFlagged = d.flagged();
        if (isFlagged) {
            flagged++;
            if (isRetroactive(d)) {
                retroactive++;
            }
        }
        if (!fraud) {
            legitimate++;
            if (isFlagged) {
                legitimateFlagged++;
                if (held && blockCausedByFraud.getOrDefault(account, false)) {
                    legitimateHeldByCorrectBlock++;
                } else if (held) {
                    legitimateHeldByFalseBlock++;
                }
            }
            return;
        }
        long[] c = byScenario.computeIfAbsent(scenario, k -> new long[2]);
        c[0]++;
        if (isFlagged) {
            c[1]++;
            flaggedFraud++;
            if (held) {
                fraudHeldByBlock++;
            }
        }
    }

    private static boolean isRetroactive(Decision d) {
        for (FraudAlert.FiredRule r : d.firedRules()) {
            if (r.evidence() != null && Boolean.TRUE.equals(r.evidence().get(DecisionEngine.RETROACTIVE))) {
                return true;
            }
        }
        return false;
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

    /** Flagged transactions that were flagged by a retroactive alert. */
    public long retroactive() {
        return retroactive;
    }

    /** Share of flagged transactions that are fraud, every hold included. */
    public double precision() {
        return flagged == 0 ? Double.NaN : (double) flaggedFraud / flagged;
    }

    /** Share of flagged transactions that are fraud, leaving out the holds of correct blocks (fraud or not). */
    public double precisionOfAlarms() {
        long alarms = flagged - legitimateHeldByCorrectBlock - fraudHeldByBlock;
        return alarms == 0 ? Double.NaN : (double) (flaggedFraud - fraudHeldByBlock) / alarms;
    }

    /** Share of legitimate transactions flagged, every account hold included. */
    public double legitimateFlaggedRate() {
        return legitimate == 0 ? 0 : (double) legitimateFlagged / legitimate;
    }

    /** Share of legitimate transactions that were false alarms: flagged by a rule, or held by a false block. */
    public double falseAlarmRate() {
        return legitimate == 0 ? 0 : (double) (legitimateFlagged - legitimateHeldByCorrectBlock) / legitimate;
    }

    /** Share of legitimate transactions flagged by a rule on the transaction itself (no account hold). */
    public double legitimateFlaggedByRulesRate() {
        return legitimate == 0 ? 0
            : (double) (legitimateFlagged - legitimateHeldByCorrectBlock - legitimateHeldByFalseBlock) / legitimate;
    }

    /** A small table, one line per scenario, then precision and the legitimate lines. */
    public String report() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s %9s%n", "scenario", "count",
            "recall"));
        byScenario.forEach((s, c) -> sb.append(String.format(Locale.ROOT, "%-18s %9d %9.4f%n", s, c[0],
            (double) c[1] / c[0])));
        sb.append(String.format(Locale.ROOT, "flagged %d, of them %d by a retroactive burst alert%n", flagged,
            retroactive));
        sb.append(String.format(Locale.ROOT, "precision %.4f (%d of %d flagged are fraud); of alarms (holds of "
            + "correct blocks left out) %.4f%n", precision(), flaggedFraud, flagged, precisionOfAlarms()));
        sb.append(String.format(Locale.ROOT, "legitimate %d: false alarms %.4f%% (by a rule %.4f%%, held by a "
            + "false block %.4f%%); held by a correct block %.4f%%; flagged in all %.4f%%%n", legitimate,
            100 * falseAlarmRate(), 100 * legitimateFlaggedByRulesRate(),
            100.0 * legitimateHeldByFalseBlock / Math.max(1, legitimate),
            100.0 * legitimateHeldByCorrectBlock / Math.max(1, legitimate), 100 * legitimateFlaggedRate()));
        return sb.toString();
    }
}
