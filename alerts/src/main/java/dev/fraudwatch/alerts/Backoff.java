package dev.fraudwatch.alerts;

import java.time.Duration;

/** Exponential backoff: initial, 2x, 4x, ... capped at max. */
record Backoff(Duration initial, Duration max) {

    /** Delay before attempt number {@code failures + 1}, after {@code failures} (>= 1) consecutive failures. */
    Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration d = initial.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
