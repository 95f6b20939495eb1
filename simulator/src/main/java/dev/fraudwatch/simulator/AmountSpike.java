package dev.fraudwatch.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The original producer's fraud: 12 times a usual-looking amount (uniform 0.5..1.5 x usual, times 12), i.e.
 * 6..18 x the usual amount. Like the original it raises the upstream signal
 * {@code Unusual Transaction Amount: <amount>}, so the original's analytics ("flagged" = Fraud Flags set) keep
 * counting it.
 */
public final class AmountSpike implements Scenario {

    public static final double MULTIPLIER = 12.0;
    public static final String FLAG_PREFIX = "Unusual Transaction Amount: ";

    @Override
    public String name() {
        return Scenarios.AMOUNT_SPIKE;
    }

    @Override
    public List<Step> plan(CustomerProfile p, SplittableRandom r) {
        double amount = Amounts.round2(p.usualTransactionAmount() * (0.5 + r.nextDouble()) * MULTIPLIER);
        return List.of(Step.legitimate(p, r).withAmount(amount, FLAG_PREFIX + Amounts.text(amount)));
    }

    @Override
    public double expectedLength() {
        return 1;
    }
}
