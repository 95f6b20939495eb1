package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.launcher.bench.BenchResult.Step;
import dev.fraudwatch.launcher.bench.PipelineProgress.Sample;
import dev.fraudwatch.simulator.CustomerProfile;
import dev.fraudwatch.simulator.CustomerProfiles;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The measurements on the running system: offered load from the simulator (one population of customers for the
 * whole run, made once from the first seed, as a bank's customers come back phase after phase; a fresh seed per
 * phase for the transactions, so no transaction id repeats; before each phase the accounts blocked so far are
 * unblocked, {@link AnalystUnblocks}), progress read from Kafka, decisions read as a consumer would. Every phase starts from
 * a drained pipeline ({@link #drain}: the job and the indexer both caught up), so what a phase measures is its own
 * load, not the backlog of the one before; a drain that does not finish in time is printed and recorded.
 */
final class LoadPhases {

    /** End-to-end lag under this many seconds of the rate counts as keeping up (see {@link #step}). */
    private static final double LOW_LAG_SECONDS = 3;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    /** Longest wait for the pipeline to drain before a phase; a backlog left after it is reported. */
    private static final Duration DRAIN_MAX = Duration.ofSeconds(180);
    /** Thread groups printed per phase (all of them go to the JSON of the latency phases). */
    private static final int CPU_LINES = 14;
    /**
     * Window for the burst's peak rate: several checkpoints, since that is when the offsets it is read from move
     * (the whole burst when it is shorter).
     */
    private static final long PEAK_WINDOW_NANOS = 10_000_000_000L;

    /**
     * How the pipeline was drained before a phase: {@code drained} false when {@link #DRAIN_MAX} ran out;
     * {@code alertsBehind}: the alert engine's unsent alerts (-1 when that drain did not wait for it).
     */
    record Drain(double seconds, boolean drained, long jobBehind, long indexerBehind, long alertsBehind) {
    }

    /**
     * One latency phase: its window, the drain before it, the highest backlog of the detection job (transactions
     * produced, not yet decided into {@code customer_risk}) and of the indexer ({@code customer_risk} records not yet
     * in Elasticsearch) while the load ran, and the CPU by thread group over the measured part of it.
     */
    record LatencyRun(LatencyWindow window, Drain before, long maxJobBacklog, long maxIndexerBacklog,
                      Map<String, Double> cpuCores) {
        BenchResult.PhaseDetails details(double rate) {
            return new BenchResult.PhaseDetails(rate, before.drained(), before.seconds(), maxJobBacklog,
                maxIndexerBacklog, cpuCores);
        }
    }

    private final SimulatorConfig base;
    /**
     * The customers of every phase. Each phase's seed also drew its own customers before 2026-12-02, so the job's
     * state held a new 100,000 accounts per phase (about 600,000 by the end of a default run, not the 100,000 the
     * run is for).
     */
    private final List<CustomerProfile> customers;
    private final KafkaSettings kafka;
    private final PipelineProgress progress;
    private final DecisionWatcher decisions;
    private final AnalystUnblocks analyst;
    private final PrintStream out;
    private final long markerSlack;
    /** Event time between two transactions of a phase; zero: the wall clock (see {@link #eventClock}). */
    private final Duration eventStep;
    /** Where the next phase's event time may start: after everything sent so far (null before the first). */
    private LocalDateTime nextEventTime;
    /** fraud_alerts records and transactions produced at the last drain: the decision mix of what came after. */
    private long mixAlerts;
    private long mixProduced;
    private long seed;

    /**
     * {@code eventStep}: the event time between two transactions, whatever the offered rate (zero: the wall
     * clock). Offered thousands of transactions per second, a population of 100,000 on the wall clock transacts
     * every few seconds per account, and the velocity rule (more than one transaction within 20 s) then reviews
     * most transactions (measured 2026-12-02: about one fraud_alerts record per transaction at 5,000/s), so the
     * job, the indexer and Elasticsearch would work on twice the documents of a realistic decision mix. At the
     * default 100 ms step (what {@code DetectorBenchmark} and a rate-0 simulator use) an account of 100,000
     * transacts about every 2.8 hours of event time, while the records are still sent at the phase's rate.
     */
    LoadPhases(SimulatorConfig base, KafkaSettings kafka, PipelineProgress progress, DecisionWatcher decisions,
               AnalystUnblocks analyst, PrintStream out, Duration eventStep) throws Exception {
        this.eventStep = eventStep;
        this.base = base.withCount(0).withProgressInterval(Duration.ZERO);
        this.kafka = kafka;
        this.progress = progress;
        this.decisions = decisions;
        this.analyst = analyst;
        this.out = out;
        this.markerSlack = progress.markerSlack();
        this.mixAlerts = progress.alertsWritten();
        this.mixProduced = progress.sample().produced();
        this.seed = base.seed();
        this.customers = CustomerProfiles.generate(base.customers(), base.seed());
    }

    /** Load at {@code rate} for {@code duration}, then worked off: JIT, caches and state warm before measuring. */
    void warmUp(double rate, Duration duration) throws Exception {
        SendReport r = send(base.withRate(rate).withDuration(duration)).get();
        out.printf(Locale.ROOT, "  warm-up: sent %,d at %,.0f/s%n", r.delivered(), r.transactionsPerSecond());
        drain("after the warm-up");
    }

    /**
     * Decision latency of the transactions produced at {@code rate} after the warm-up, from a drained pipeline;
     * {@code atWarm} and {@code atEnd} run when the measured part starts and when the load ends.
     */
    LatencyRun latency(double rate, Duration duration, Duration warmup, Runnable atWarm, Runnable atEnd)
        throws Exception {
        // The e-mail figures of this phase must not include mails still owed from the one before.
        Drain before = drain(String.format(Locale.ROOT, "before the latency phase at %,.0f/s", rate), true);
        Instant from = Instant.now().plus(warmup);
        Instant to = Instant.now().plus(duration);
        LatencyWindow w = new LatencyWindow(micros(from), micros(to));
        decisions.add(w);
        long start = System.nanoTime();
        CompletableFuture<SendReport> load = send(base.withRate(rate).withDuration(duration));
        Thread.sleep(warmup.toMillis());
        atWarm.run();
        CpuProfile.Snapshot cpuFrom = CpuProfile.snapshot();
        CpuProfile.Snapshot cpuTo = null;
        long cpuUntil = start + duration.toNanos() - SAMPLE_EVERY.toNanos() * 2; // before the load's threads end
        long maxJob = 0;
        long maxIndexer = 0;
        while (!load.isDone()) {
            Sample s = progress.sample();
            maxJob = Math.max(maxJob, s.produced() - s.riskWritten());
            maxIndexer = Math.max(maxIndexer, s.indexerLag());
            if (cpuTo == null && System.nanoTime() >= cpuUntil) {
                cpuTo = CpuProfile.snapshot();
            }
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        SendReport r = load.get();
        atEnd.run();
        Map<String, Double> cpu = CpuProfile.coresBetween(cpuFrom, cpuTo == null ? CpuProfile.snapshot() : cpuTo);
        out.printf(Locale.ROOT, "  latency at %,.0f/s: sent %,d (%,.0f/s); backlog while loaded at most: job %,d, "
            + "indexer %,d (load %.1f)%n", rate, r.delivered(), r.transactionsPerSecond(), maxJob, maxIndexer,
            Machine.loadAverage());
        CpuProfile.lines(cpu, CPU_LINES).forEach(out::println);
        drain(String.format(Locale.ROOT, "after the latency phase at %,.0f/s", rate));
        Thread.sleep(2000); // the last decisions reach the consumer
        return new LatencyRun(w, before, maxJob, maxIndexer, cpu);
    }

    /** Steps the offered rate up until one is not held; each from a drained pipeline. Returns every step run. */
    List<Step> steps(List<Double> rates, Duration stepDuration) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (double rate : rates) {
            Drain before = drain(String.format(Locale.ROOT, "before the %,.0f/s step", rate));
            Step s = step(rate, stepDuration, before);
            steps.add(s);
            out.printf(Locale.ROOT, "  step %,8.0f/s: sent %,.0f/s, end to end %,.0f/s, detector %,.0f/s, "
                    + "lag %,d growing %,.0f/s -> %s (load %.1f)%n", rate, s.achievedOfferedRate(), s.endToEndRate(),
                s.detectorRate(), s.endToEndLagAtEnd(), s.lagGrowthPerSecond(), s.sustained() ? "held" : "NOT held",
                Machine.loadAverage());
            if (!s.sustained()) {
                break;
            }
        }
        return steps;
    }

    /**
     * One step, judged on its own load: lags are counted from the lag the step started with (zero after a full
     * drain), so a backlog left by an earlier phase can neither fail nor pass it.
     */
    private Step step(double rate, Duration d, Drain before) throws Exception {
        List<Sample> samples = new ArrayList<>();
        Sample first = progress.sample();
        long baseLag = first.endToEndLag();
        samples.add(first);
        CompletableFuture<SendReport> load = send(base.withRate(rate).withDuration(d));
        CpuProfile.Snapshot cpuFrom = CpuProfile.snapshot();
        CpuProfile.Snapshot cpuTo = null;
        long cpuUntil = System.nanoTime() + d.toNanos() - SAMPLE_EVERY.toNanos() * 2;
        while (!load.isDone()) {
            samples.add(progress.sample());
            if (cpuTo == null && System.nanoTime() >= cpuUntil) {
                cpuTo = CpuProfile.snapshot();
            }
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
        double detector = (b.riskWritten() - a.riskWritten()) / secs;
        double growth = (minLag(last) - minLag(middle)) / (third / 1e9);
        double sent = r.transactionsPerSecond();
        // Offsets move once per checkpoint, so the lag is a sawtooth of about a checkpoint's worth of transactions;
        // a lag that ends that low is kept up with even where the growth estimate is noise (short steps, low rates).
        boolean low = minLag(last) - baseLag <= LOW_LAG_SECONDS * rate;
        boolean held = r.ok() && sent >= 0.95 * rate && (growth <= 0.05 * rate || low);
        CpuProfile.lines(CpuProfile.coresBetween(cpuFrom, cpuTo == null ? CpuProfile.snapshot() : cpuTo), 6)
            .forEach(out::println);
        return new Step(rate, sent, e2e, detector, Math.max(0, b.endToEndLag() - baseLag), growth, held,
            before.drained(), baseLag);
    }

    private static double minLag(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::endToEndLag).min().orElse(0);
    }

    /**
     * {@code count} transactions as fast as they can be sent, from a drained pipeline; peak end-to-end and detector
     * rates over 10 s.
     */
    double[] burst(long count) throws Exception {
        drain("before the burst");
        CompletableFuture<SendReport> load = send(base.withRate(0).withCount(count));
        List<Sample> samples = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < until) {
            // Whether the send had finished is read before the sample, so the sample that ends the loop counts every
            // record of the burst (a burst sent within one sampling interval once ended it on the sample taken
            // before anything was sent, with a peak of 0).
            boolean sent = load.isDone();
            Sample s = progress.sample();
            samples.add(s);
            if (sent && s.endToEndLag() <= Math.max(1000, count / 100)) {
                break;
            }
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
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
        drain("after the burst");
        return new double[]{r.transactionsPerSecond(), peak, peakDetector};
    }

    /**
     * Waits until the pipeline is empty end to end (the job committed every transaction produced, the indexer
     * everything the job wrote; {@link Sample#drained}), at most {@link #DRAIN_MAX}; prints how long it took or what
     * was left.
     */
    Drain drain(String when) throws Exception {
        return drain(when, false);
    }

    /** As {@link #drain(String)}; with {@code alerts}, also until the alert engine has sent every alert it owes. */
    Drain drain(String when, boolean alerts) throws Exception {
        long t0 = System.nanoTime();
        List<String> blocked = decisions.takeBlockedAccounts();
        analyst.unblock(blocked);
        long until = t0 + DRAIN_MAX.toNanos();
        Sample s = progress.sample();
        long alertsBehind = alerts ? progress.alertsBehind() : -1;
        while ((!s.drained(markerSlack) || alertsBehind > 0) && System.nanoTime() < until) {
            Thread.sleep(SAMPLE_EVERY.toMillis());
            s = progress.sample();
            alertsBehind = alerts ? progress.alertsBehind() : -1;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Drain d = new Drain(secs, s.drained(markerSlack) && alertsBehind <= 0, s.detectorLag(), s.indexerLag(),
            alertsBehind);
        long alertsWritten = progress.alertsWritten();
        String mix = s.produced() > mixProduced ? String.format(Locale.ROOT, "; decision mix since the last drain: "
            + "%,d fraud_alerts records for %,d transactions (%.1f %%)", alertsWritten - mixAlerts,
            s.produced() - mixProduced, 100.0 * (alertsWritten - mixAlerts) / (s.produced() - mixProduced)) : "";
        mixAlerts = alertsWritten;
        mixProduced = s.produced();
        if (d.drained()) {
            out.printf(Locale.ROOT, "  drained %s%s in %.1f s%s%s%n", when, alerts ? " (alert mails too)" : "", secs,
                blocked.isEmpty() ? "" : String.format(Locale.ROOT, "; %,d blocked accounts unblocked first",
                    blocked.size()), mix);
        } else {
            out.printf(Locale.ROOT, "  NOT drained %s after %.0f s: job %,d, indexer %,d%s behind; the next phase "
                + "starts on that backlog%n", when, secs, d.jobBehind(), d.indexerBehind(),
                alerts ? String.format(Locale.ROOT, ", alert engine %,d", alertsBehind) : "");
            if (!mix.isEmpty()) {
                out.println("  " + mix.substring(2));
            }
        }
        return d;
    }

    private CompletableFuture<SendReport> send(SimulatorConfig config) {
        SimulatorConfig c = eventClock(config.withSeed(++seed));
        LocalDateTime eventTo = nextEventTime;
        CompletableFuture<SendReport> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Simulator simulator = new Simulator(c, kafka, line -> { }, customers);
                if (c.simulatedClock()) {
                    // Its pacing's origin, taken after its set-up (encoding 100,000 profiles takes ~0.2 s).
                    simulator.onStart(wallMicros -> decisions.clock().add(new EventClock.Segment(
                        micros(c.startTime().orElseThrow()), micros(eventTo), wallMicros, c.timeScale())));
                }
                f.complete(simulator.run());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "bench-simulator");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * The phase's clock: with an event step, a simulated clock that starts where the phases before it can have
     * ended (or now, if later) and runs step x rate times faster than the wall clock, so event time never goes
     * back between phases (no transaction is late) and each account's transactions keep a realistic spacing.
     */
    private SimulatorConfig eventClock(SimulatorConfig c) {
        if (eventStep.isZero()) {
            return c;
        }
        LocalDateTime now = LocalDateTime.now();
        LocalDateTime start = nextEventTime == null || nextEventTime.isBefore(now) ? now : nextEventTime;
        double scale = c.rate() > 0 ? Math.max(1, c.rate() * eventStep.toNanos() / 1e9) : 1;
        SimulatorConfig clocked = c.withSimulatedClock(start).withTimeScale(scale);
        // The most event time this phase can use: its transactions (at most rate x duration, or count) times the
        // step; a scenario's close transactions only take less.
        long most = c.count() > 0 ? c.count() : (long) Math.ceil(c.rate() * c.duration().toNanos() / 1e9) + 1;
        if (most <= 1 && c.count() == 0) {
            throw new IllegalArgumentException("a bench phase on a simulated clock needs a count or a rate and a "
                + "duration");
        }
        nextEventTime = start.plusNanos(Math.multiplyExact(most + 1, clocked.stepNanos()));
        return clocked;
    }

    private static long micros(LocalDateTime t) {
        return micros(t.atZone(java.time.ZoneId.systemDefault()).toInstant());
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
