package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;

import java.util.List;

/**
 * What the decision operator says about one transaction; one per transaction, ALLOW included.
 *
 * @param score       sum of the weights of the rules that fired
 * @param firedRules  each rule that fired with its weight and evidence; a transaction of an already blocked
 *                    account also carries {@value #ACCOUNT_BLOCKED} (weight 0) with the block's details
 * @param blockReason readable reason, null unless the decision is BLOCK
 */
public record Decision(Transaction transaction, FraudAlert.Decision decision, double score,
                       List<FraudAlert.FiredRule> firedRules, String blockReason) {

    /** Pseudo-rule reported on transactions that are blocked because their account is blocked. */
    public static final String ACCOUNT_BLOCKED = "account_blocked";

    public Decision {
        firedRules = firedRules == null ? List.of() : firedRules;
    }

    /** Counted as fraud by the analytics: upstream {@code Fraud Flags} set, or FraudWatch did not ALLOW it. */
    public boolean flagged() {
        return transaction.upstreamFlagged() || decision != FraudAlert.Decision.ALLOW;
    }

    /** True when this transaction is blocked only because its account was blocked earlier. */
    public boolean blockedByAccount() {
        return firedRules.stream().anyMatch(r -> ACCOUNT_BLOCKED.equals(r.rule()));
    }

    /** Ids of the rules that fired, in evaluation order. */
    public List<String> ruleIds() {
        return firedRules.stream().map(FraudAlert.FiredRule::rule).toList();
    }

    /** The {@code fraud_alerts} record (meant for REVIEW and BLOCK decisions). */
    public FraudAlert toAlert(String decidedAt) {
        Transaction t = transaction;
        return new FraudAlert(t.transactionId(), t.accountNumber(), t.name(), t.currentTransactionAmount(),
            t.transactionTime(), decision, score, firedRules, decidedAt);
    }

    /** The {@code blocked_customers} record (meant for BLOCK decisions): the original's six fields plus ours. */
    public BlockedCustomer toBlocked(String blockedAt) {
        Transaction t = transaction;
        return new BlockedCustomer(t.name(), t.accountNumber(), t.currentTransactionAmount(), t.transactionId(),
            t.transactionTime(), blockReason, score, ruleIds(), blockedAt);
    }
}
