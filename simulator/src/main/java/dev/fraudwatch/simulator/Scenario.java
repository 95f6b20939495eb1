package dev.fraudwatch.simulator;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One kind of injected fraud. A scenario plans the transactions of one fraud event for one account; the
 * generator emits them consecutively, spaced at most {@link #maxSpacing()} apart in event time, each tagged with
 * {@link #name()} as ground truth.
 */
public interface Scenario {

    /** Ground-truth name carried in the {@code fw-scenario} header; one of the {@link Scenarios} constants. */
    String name();

    /** The transactions of one event, in order (at least one). */
    List<Step> plan(CustomerProfile profile, SplittableRandom random);

    /** Mean number of transactions per event; used to turn the fraud percentage into an event probability. */
    double expectedLength();

    /** Longest event-time gap between consecutive transactions of one event (irrelevant for single ones). */
    default Duration maxSpacing() {
        return Duration.ofSeconds(1);
    }
}
