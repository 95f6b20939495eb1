package dev.fraudwatch.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many transactions of one account within half a minute ({@link #TRANSACTIONS} at most
 * {@link #SPACING} apart): each looks legitimate on its own, only their number in a minute is unusual.
 */
public final class VelocityBurst implements Scenario {

    public static final int TRANSACTIONS = 12;
    /** 12 transactions at most 2.5 s apart span at most 27.5 s: well inside one minute. */
    public static final Duration SPACING = Duration.ofMillis(2500);

    @Override
    public String name() {
        return Scenarios.VELOCITY_BURST;
    }

    @Override
    public List<Step> plan(CustomerProfile p, SplittableRandom r) {
        List<Step> steps = new ArrayList<>(TRANSACTIONS);
        for (int i = 0; i < TRANSACTIONS; i++) {
            steps.add(Step.legitimate(p, r));
        }
        return steps;
    }

    @Override
    public double expectedLength() {
        return TRANSACTIONS;
    }

    @Override
    public Duration maxSpacing() {
        return SPACING;
    }
}
