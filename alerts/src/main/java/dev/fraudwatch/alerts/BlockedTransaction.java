package dev.fraudwatch.alerts;

import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One blocked transaction as an alert describes it, from either {@code blocked_customers} or a BLOCK decision on
 * {@code fraud_alerts}; the same transaction from both topics is merged into one.
 */
public record BlockedTransaction(String transactionId, String accountNumber, String name, double amount,
                                 String transactionTime, String reason, List<String> rules, boolean fromDecision) {

    public BlockedTransaction {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static BlockedTransaction of(BlockedCustomer b) {
        return new BlockedTransaction(b.transactionId(), b.accountNumber(), b.name(), b.currentTransactionAmount(),
            b.transactionTime(), b.reason(), b.rules(), false);
    }

    /**
     * A BLOCK decision has no free-text reason; the detector blocked it as fraud, so the reason says so (and the
     * mail then goes out whatever the amount, as the original mailed every reason that mentions fraud).
     */
    public static BlockedTransaction of(FraudAlert a) {
        List<String> rules = new ArrayList<>();
        if (a.firedRules() != null) {
            a.firedRules().forEach(r -> rules.add(r.rule()));
        }
        String reason = String.format(Locale.ROOT, "Blocked by the fraud detector (risk score %.2f)", a.riskScore());
        return new BlockedTransaction(a.transactionId(), a.accountNumber(), a.name(), a.currentTransactionAmount(),
            a.transactionTime(), reason, rules, true);
    }

    /**
     * The same transaction seen on the other topic: the blocked record's fields (the original's reason) win over
     * the decision's, whichever arrived first; the rules of both are kept.
     */
    public BlockedTransaction mergedWith(BlockedTransaction other) {
        if (fromDecision && !other.fromDecision) {
            return other.mergedWith(this);
        }
        Set<String> allRules = new LinkedHashSet<>(rules);
        allRules.addAll(other.rules);
        return new BlockedTransaction(transactionId, firstNonBlank(accountNumber, other.accountNumber),
            firstNonBlank(name, other.name), amount != 0 ? amount : other.amount,
            firstNonBlank(transactionTime, other.transactionTime), firstNonBlank(reason, other.reason),
            List.copyOf(allRules), fromDecision && other.fromDecision);
    }

    private static String firstNonBlank(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }
}
