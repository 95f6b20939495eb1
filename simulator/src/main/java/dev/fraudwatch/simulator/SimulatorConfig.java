package dev.fraudwatch.simulator;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.TransactionTime;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the simulator does, parsed once from {@code simulator.*} settings.
 *
 * @param customers        number of customer profiles (default 1000)
 * @param fraudPercent     share of fraudulent transactions in percent, 0..100 (default 5)
 * @param rate             transactions per second; 0 = as fast as possible (default 10)
 * @param count            stop after this many transactions; 0 = no limit
 * @param duration         stop after this much wall time; {@link Duration#ZERO} = no limit
 * @param seed             seed of every random choice: the same seed gives the same customers and sequence
 * @param startTime        event time of the first transaction; empty = now
 * @param simulatedClock   true: event time advances by 1/rate per transaction from the start time (by
 *                         {@link #SIMULATED_STEP_AT_FULL_SPEED} when rate is 0) instead of following the wall clock
 * @param progressInterval how often a progress line is written on long runs; {@link Duration#ZERO} = never
 * @param timeScale        how many times faster than the wall clock the simulated clock runs when rate > 0 (1 =
 *                         as fast; only with {@code simulatedClock}): event time advances by timeScale/rate per
 *                         transaction while the records are still sent at rate per second. A benchmark offering
 *                         thousands of transactions per second to a population of 100,000 would otherwise have
 *                         every account transact every few seconds, which no bank's customers do
 */
public record SimulatorConfig(int customers, double fraudPercent, double rate, long count, Duration duration,
                              long seed, Optional<LocalDateTime> startTime, boolean simulatedClock,
                              Duration progressInterval, double timeScale) {

    public static final int DEFAULT_CUSTOMERS = 1000;
    public static final double DEFAULT_FRAUD_PERCENT = 5.0;
    public static final double DEFAULT_RATE = 10.0;
    /**
     * With rate 0 a simulated clock still needs a step; 100 ms (the default rate) keeps per-account spacing
     * realistic (1000 customers: one transaction per account every ~100 s) however fast the records are sent.
     */
    public static final Duration SIMULATED_STEP_AT_FULL_SPEED = Duration.ofMillis(100);

    public SimulatorConfig {
        if (customers < 1) {
            throw new ConfigException("Setting 'simulator.customers' must be at least 1, got " + customers + ".");
        }
        if (!(fraudPercent >= 0 && fraudPercent <= 100)) {
            throw new ConfigException("Setting 'simulator.fraud-percent' must be between 0 and 100, got "
                + fraudPercent + ".");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ConfigException("Setting 'simulator.rate' must be 0 (as fast as possible) or a positive "
                + "number of transactions per second, got " + rate + ".");
        }
        if (count < 0) {
            throw new ConfigException("Setting 'simulator.count' must be 0 (no limit) or positive, got " + count + ".");
        }
        if (duration == null || duration.isNegative()) {
            throw new ConfigException("Setting 'simulator.duration' must not be negative, got " + duration + ".");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("the simulated clock's time scale must be a positive number, got "
                + timeScale);
        }
        startTime = startTime == null ? Optional.empty() : startTime;
        progressInterval = progressInterval == null ? Duration.ZERO : progressInterval;
    }

    /** Event time at the wall clock's pace (time scale 1). */
    public SimulatorConfig(int customers, double fraudPercent, double rate, long count, Duration duration, long seed,
                           Optional<LocalDateTime> startTime, boolean simulatedClock, Duration progressInterval) {
        this(customers, fraudPercent, rate, count, duration, seed, startTime, simulatedClock, progressInterval, 1.0);
    }

    /** The documented defaults with a random seed. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_CUSTOMERS, DEFAULT_FRAUD_PERCENT, DEFAULT_RATE, 0, Duration.ZERO,
            randomSeed(), Optional.empty(), false, Duration.ofSeconds(5));
    }

    public static SimulatorConfig fromSettings(Settings s) {
        return new SimulatorConfig(
            s.getInt("simulator.customers"),
            s.getDouble("simulator.fraud-percent"),
            s.getDouble("simulator.rate"),
            s.getLong("simulator.count"),
            s.find("simulator.duration").map(v -> parseDuration("simulator.duration", v)).orElse(Duration.ZERO),
            s.find("simulator.seed").map(SimulatorConfig::parseSeed).orElseGet(SimulatorConfig::randomSeed),
            s.find("simulator.start-time").map(SimulatorConfig::parseStartTime),
            s.find("simulator.simulated-clock").isPresent() && s.getBoolean("simulator.simulated-clock"),
            s.find("simulator.progress-interval").map(v -> parseDuration("simulator.progress-interval", v))
                .orElse(Duration.ZERO));
    }

    /** ISO-8601 ({@code PT30S}, {@code PT5M}) or a number of seconds ({@code 30}, {@code 2.5}). */
    public static Duration parseDuration(String key, String text) {
        String v = text.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            return Duration.ofNanos(Math.round(Double.parseDouble(v) * 1e9));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ConfigException("Setting '" + key + "' must be a number of seconds or an ISO-8601 duration "
                + "such as PT5M, got '" + text + "'.");
        }
    }

    private static long parseSeed(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting 'simulator.seed' must be a whole number (or empty for a random "
                + "seed), got '" + v + "'.");
        }
    }

    private static LocalDateTime parseStartTime(String v) {
        try {
            return TransactionTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException("Setting 'simulator.start-time' must be a local time such as "
                + "2025-03-01 12:00:00, got '" + v + "'.");
        }
    }

    public static long randomSeed() {
        return new SecureRandom().nextLong();
    }

    /**
     * Nanoseconds of event time between two transactions on the simulated clock: timeScale/rate, or
     * {@link #SIMULATED_STEP_AT_FULL_SPEED} at rate 0. Divided by the time scale, the pacing when rate > 0.
     */
    public long stepNanos() {
        double scale = simulatedClock ? timeScale : 1.0;
        return rate > 0 ? Math.max(1, Math.round(scale * 1e9 / rate)) : SIMULATED_STEP_AT_FULL_SPEED.toNanos();
    }

    public SimulatorConfig withCustomers(int v) {
        return new SimulatorConfig(v, fraudPercent, rate, count, duration, seed, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    public SimulatorConfig withFraudPercent(double v) {
        return new SimulatorConfig(customers, v, rate, count, duration, seed, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    public SimulatorConfig withRate(double v) {
        return new SimulatorConfig(customers, fraudPercent, v, count, duration, seed, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    public SimulatorConfig withCount(long v) {
        return new SimulatorConfig(customers, fraudPercent, rate, v, duration, seed, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    public SimulatorConfig withDuration(Duration v) {
        return new SimulatorConfig(customers, fraudPercent, rate, count, v, seed, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    public SimulatorConfig withSeed(long v) {
        return new SimulatorConfig(customers, fraudPercent, rate, count, duration, v, startTime, simulatedClock,
            progressInterval, timeScale);
    }

    /** Fixes the start time and turns the simulated clock on: the run's bytes then depend only on the seed. */
    public SimulatorConfig withSimulatedClock(LocalDateTime start) {
        return new SimulatorConfig(customers, fraudPercent, rate, count, duration, seed, Optional.of(start), true,
            progressInterval, timeScale);
    }

    public SimulatorConfig withProgressInterval(Duration v) {
        return new SimulatorConfig(customers, fraudPercent, rate, count, duration, seed, startTime, simulatedClock, v,
            timeScale);
    }

    /** See {@link #timeScale}; takes effect with a simulated clock ({@link #withSimulatedClock}). */
    public SimulatorConfig withTimeScale(double v) {
        return new SimulatorConfig(customers, fraudPercent, rate, count, duration, seed, startTime, simulatedClock,
            progressInterval, v);
    }

    /** One line for logs and the CLI. */
    public String describe() {
        return customers + " customers, " + fraudPercent + "% fraud, "
            + (rate > 0 ? rate + " tx/s" : "as fast as possible")
            + (count > 0 ? ", " + count + " transactions" : "")
            + (duration.isZero() ? "" : ", for " + duration)
            + ", seed " + seed
            + (simulatedClock ? ", simulated clock from " + startTime.map(TransactionTime::formatMicros).orElse("now")
                + (timeScale != 1 && rate > 0 ? String.format(java.util.Locale.ROOT, " running %.0fx the wall clock",
                timeScale) : "") : "");
    }
}
