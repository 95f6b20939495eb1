package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * One behavioural rule. {@link #evaluate} is pure: it reads the transaction, the account's history before this
 * transaction and the rule's parameters, changes nothing, and returns the evidence (the values that made it
 * fire) or {@code null} when it does not fire. Each implementation also exposes its decision as a static
 * function over plain values, which is what its unit test exercises.
 */
public interface Rule {

    /** Stable identifier, used in rule sets, alerts and evidence (e.g. {@code amount_spike}). */
    String id();

    /** The default configuration: enabled flag, weight and every parameter the rule reads. */
    RuleConfig defaults();

    /**
     * Evidence when the rule fires, else {@code null}. {@code eventTime} is {@code t}'s event time in epoch ms
     * (parsed once by the caller); {@code config} is resolved (all parameters present).
     */
    Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config);
}
