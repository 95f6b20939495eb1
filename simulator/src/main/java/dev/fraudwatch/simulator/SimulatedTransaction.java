package dev.fraudwatch.simulator;

import dev.fraudwatch.core.model.Transaction;

/**
 * A generated transaction and its ground truth: the {@link Scenarios} name that produced it ({@code none} when
 * legitimate). The scenario travels in the {@code fw-scenario} header, never in the contract's fields.
 */
public record SimulatedTransaction(Transaction transaction, String scenario) {

    public boolean fraudulent() {
        return !Scenarios.NONE.equals(scenario);
    }
}
