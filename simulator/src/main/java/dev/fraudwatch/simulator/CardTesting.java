package dev.fraudwatch.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stolen card is tried with 2 or 3 tiny amounts (under 1.00), then used for one large one (over 500), all
 * within a minute on the same account and card type.
 */
public final class CardTesting implements Scenario {

    public static final double PROBE_MAX = 1.00;
    public static final double CASH_OUT_MIN = 500.00;
    public static final double CASH_OUT_MAX = 3000.00;
    /** At most 4 transactions 15 s apart span 45 s: inside one minute. */
    public static final Duration SPACING = Duration.ofSeconds(15);

    @Override
    public String name() {
        return Scenarios.CARD_TESTING;
    }

    @Override
    public List<Step> plan(CustomerProfile p, SplittableRandom r) {
        int probes = 2 + r.nextInt(2);
        String card = Step.any(p.cardTypes(), r);
        List<Step> steps = new ArrayList<>(probes + 1);
        for (int i = 0; i < probes; i++) {
            steps.add(sameCard(Step.usual(p, r, Amounts.between(r, 0.01, PROBE_MAX - 0.01)), card));
        }
        steps.add(sameCard(Step.usual(p, r, Amounts.between(r, CASH_OUT_MIN + 0.01, CASH_OUT_MAX)), card));
        return steps;
    }

    private static Step sameCard(Step s, String card) {
        return new Step(s.device(), card, s.transactionType(), s.ipAddress(), s.country(), s.amount(), s.fraudFlags());
    }

    @Override
    public double expectedLength() {
        return 3.5;
    }

    @Override
    public Duration maxSpacing() {
        return SPACING;
    }
}
