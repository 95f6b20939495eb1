package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.launcher.bench.BenchResult.Step;
import dev.fraudwatch.launcher.bench.PipelineProgress.Sample;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The measurements on the running system: offered load from the simulator (a fresh seed per phase, so no
 * transaction id repeats), progress read from Kafka, decisions read as a consumer would.
 */
final class LoadPhases {

    /** Lag below this many seconds of the offered rate counts as worked off. */
    private static final double DRAINED_SECONDS = 3;
    /** End-to-end lag under this many seconds of the rate counts as keeping up (see {@link #step}). */
    private static final double LOW_LAG_SECONDS = 3;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    /**
     * Window for the burst's peak rate: several checkpoints, since that is when the offsets it is read from move
     * (the whole burst when it is shorter).
     */
    private static final long PEAK_WINDOW_NANOS = 10_000_000_000L;

    private final SimulatorConfig base;
    private final KafkaSettings kafka;
    private final PipelineProgress progress;
    private final DecisionWatcher decisions;
    private final PrintStream out;
    private long seed;

    LoadPhases(SimulatorConfig base, KafkaSettings kafka, PipelineProgress progress, DecisionWatcher decisions,
               PrintStream out) {
        this.base = base.withCount(0).withProgressInterval(Duration.ZERO);
        this.kafka = kafka;
        this.progress = progress;
        this.decisions = decisions;
        this.out = out;
        this.seed = base.seed();
    }

    /** Load at {@code rate} for {@code duration}, then worked off: JIT, caches and state warm before measuring. */
    void warmUp(double rate, Duration duration) throws Exception {
        SendReport r = send(base.withRate(rate).withDuration(duration)).get();
        out.printf(Locale.ROOT, "  warm-up: sent %,d at %,.0f/s%n", r.delivered(), r.transactionsPerSecond());
        drain(rate, Duration.ofSeconds(120));
    }

    /** Decision latency of the transactions produced at {@code rate} after the warm-up. */
    LatencyWindow latency(double rate, Duration duration, Duration warmup, Runnable atWarm, Runnable atEnd)
        throws Exception {
        Instant from = Instant.now().plus(warmup);
        Instant to = Instant.now().plus(duration);
        LatencyWindow w = new LatencyWindow(micros(from), micros(to));
        decisions.add(w);
        CompletableFuture<SendReport> load = send(base.withRate(rate).withDuration(duration));
        Thread.sleep(warmup.toMillis());
        atWarm.run();
        SendReport r = load.get();
        atEnd.run();
        out.printf(Locale.ROOT, "  latency at %,.0f/s: sent %,d (%,.0f/s)%n", rate, r.delivered(),
            r.transactionsPerSecond());
        drain(rate, Duration.ofSeconds(120));
        Thread.sleep(2000); // the last decisions reach the consumer
        return w;
    }

    /** Steps the offered rate up until one is not held; returns every step run. */
    List<Step> steps(List<Double> rates, Duration stepDuration) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (double rate : rates) {
            Step s = step(rate, stepDuration);
            steps.add(s);
            out.printf(Locale.ROOT, "  step %,8.0f/s: sent %,.0f/s, end to end %,.0f/s, detector %,.0f/s, "
                    + "lag %,d growing %,.0f/s -> %s (load %.1f)%n", rate, s.achievedOfferedRate(), s.endToEndRate(),
                s.detectorRate(), s.endToEndLagAtEnd(), s.lagGrowthPerSecond(), s.sustained() ? "held" : "NOT held",
                Machine.loadAverage());
            drain(rate, Duration.ofSeconds(180));
            if (!s.sustained()) {
                break;
            }
        }
        return steps;
    }

    private Step step(double rate, Duration d) throws Exception {
        List<Sample> samples = new ArrayList<>();
        CompletableFuture<SendReport> load = send(base.withRate(rate).withDuration(d));
        while (!load.isDone()) {
            samples.add(progress.sample());
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        SendReport r = load.get();
        samples.add(progress.sample());
        long t0 = samples.get(0).nanos();
        long third = (samples.get(samples.size() - 1).nanos() - t0) / 3;
        List<Sample> middle = samples.stream().filter(s -> s.nanos() - t0 >= third && s.nanos() - t0 < 2 * third)
            .toList();
        List<Sample> last = samples.stream().filter(s -> s.nanos() - t0 >= 2 * third).toList();
        Sample a = middle.isEmpty() ? samples.get(0) : middle.get(0);
        Sample b = samples.get(samples.size() - 1);
        double secs = (b.nanos() - a.nanos()) / 1e9;
        double e2e = (b.indexed() - a.indexed()) / secs;
        double detector = (b.detected() - a.detected()) / secs;
        double growth = (minLag(last) - minLag(middle)) / (third / 1e9);
        double sent = r.transactionsPerSecond();
        // Offsets move once per checkpoint, so the lag is a sawtooth of about a checkpoint's worth of transactions;
        // a lag that ends that low is kept up with even where the growth estimate is noise (short steps, low rates).
        boolean low = minLag(last) <= LOW_LAG_SECONDS * rate;
        boolean held = r.ok() && sent >= 0.95 * rate && (growth <= 0.05 * rate || low);
        return new Step(rate, sent, e2e, detector, b.endToEndLag(), growth, held);
    }

    private static double minLag(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::endToEndLag).min().orElse(0);
    }

    /** {@code count} transactions as fast as they can be sent; peak end-to-end and detector rates over 10 s. */
    double[] burst(long count) throws Exception {
        CompletableFuture<SendReport> load = send(base.withRate(0).withCount(count));
        List<Sample> samples = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Sample s;
        do {
            s = progress.sample();
            samples.add(s);
            Thread.sleep(SAMPLE_EVERY.toMillis());
        } while ((!load.isDone() || s.endToEndLag() > Math.max(1000, count / 100)) && System.nanoTime() < until);
        SendReport r = load.get();
        double peak = 0;
        double peakDetector = 0;
        long window = Math.min(PEAK_WINDOW_NANOS, samples.get(samples.size() - 1).nanos() - samples.get(0).nanos());
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                long dt = samples.get(j).nanos() - samples.get(i).nanos();
                if (dt >= window) {
                    peak = Math.max(peak, (samples.get(j).indexed() - samples.get(i).indexed()) / (dt / 1e9));
                    peakDetector = Math.max(peakDetector,
                        (samples.get(j).detected() - samples.get(i).detected()) / (dt / 1e9));
                    break;
                }
            }
        }
        out.printf(Locale.ROOT, "  burst: %,d sent at %,.0f/s; peak over %.0f s end to end %,.0f/s, detector "
            + "%,.0f/s (load %.1f)%n", r.delivered(), r.transactionsPerSecond(), window / 1e9, peak, peakDetector,
            Machine.loadAverage());
        return new double[]{r.transactionsPerSecond(), peak, peakDetector};
    }

    /** Waits until the end-to-end lag is under a few seconds' worth of {@code rate}, at most {@code max}. */
    void drain(double rate, Duration max) throws Exception {
        long until = System.nanoTime() + max.toNanos();
        long allowed = (long) Math.max(1000, rate * DRAINED_SECONDS);
        Sample s = progress.sample();
        while (s.endToEndLag() > allowed && System.nanoTime() < until) {
            Thread.sleep(SAMPLE_EVERY.toMillis());
            s = progress.sample();
        }
        if (s.endToEndLag() > allowed) {
            out.printf(Locale.ROOT, "  (lag still %,d after %d s; going on)%n", s.endToEndLag(), max.toSeconds());
        }
    }

    private CompletableFuture<SendReport> send(SimulatorConfig config) {
        SimulatorConfig c = config.withSeed(++seed);
        CompletableFuture<SendReport> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new Simulator(c, kafka, line -> { }).run());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "bench-simulator");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
