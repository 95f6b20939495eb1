package dev.fraudwatch.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of one simulator run.
 *
 * @param sent       records handed to the producer
 * @param delivered  records the broker acknowledged
 * @param failed     records whose delivery failed (never silently dropped: counted here and logged)
 * @param bytes      total JSON payload bytes sent
 * @param elapsed    from the first send until every record was acknowledged or failed
 * @param scenarios  records per ground-truth scenario name
 * @param seed       the seed used, so a run with a random seed can be repeated
 * @param firstError the first delivery or producer error, or null
 */
public record SendReport(long sent, long delivered, long failed, long bytes, Duration elapsed,
                         Map<String, Long> scenarios, long seed, String firstError) {

    public SendReport {
        scenarios = Map.copyOf(scenarios);
    }

    /** True when every record sent was acknowledged and the producer reported no error. */
    public boolean ok() {
        return failed == 0 && firstError == null && delivered == sent;
    }

    public double transactionsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? sent / s : 0;
    }

    public double megabytesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? bytes / 1e6 / s : 0;
    }

    /** The summary printed at the end of a run. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
            "%s: sent %d, delivered %d, failed %d in %.1f s (%.0f tx/s, %.1f MB/s); scenarios %s; seed %d%s",
            ok() ? "Simulator finished" : "Simulator finished WITH ERRORS", sent, delivered, failed,
            elapsed.toNanos() / 1e9, transactionsPerSecond(), megabytesPerSecond(),
            new java.util.TreeMap<>(scenarios), seed, firstError == null ? "" : "; first error: " + firstError);
    }
}
