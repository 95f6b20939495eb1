package dev.fraudwatch.launcher.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * The latencies of the transactions produced within [{@code fromMicros}, {@code toMicros}) (epoch microseconds):
 * a phase of the benchmark measures only what it produced itself, after its warm-up.
 */
final class LatencyWindow {

    /** Longest latency recorded exactly; longer ones are recorded as this (and show as the max). */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final long fromMicros;
    private final long toMicros;
    private final Histogram histogram = new Histogram(MAX_MICROS, 3);

    LatencyWindow(long fromMicros, long toMicros) {
        this.fromMicros = fromMicros;
        this.toMicros = toMicros;
    }

    boolean covers(long producedMicros) {
        return producedMicros >= fromMicros && producedMicros < toMicros;
    }

    synchronized void record(long micros) {
        histogram.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    /** p50 / p99 / p99.9 / max in milliseconds, and the number of samples. */
    synchronized Percentiles percentiles() {
        return Percentiles.of(histogram, 1000.0);
    }

    /** A histogram's summary in milliseconds. */
    record Percentiles(long samples, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
        static Percentiles of(Histogram h, double unitsPerMs) {
            if (h.getTotalCount() == 0) {
                return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50) / unitsPerMs,
                h.getValueAtPercentile(99) / unitsPerMs, h.getValueAtPercentile(99.9) / unitsPerMs,
                h.getMaxValue() / unitsPerMs);
        }
    }
}
