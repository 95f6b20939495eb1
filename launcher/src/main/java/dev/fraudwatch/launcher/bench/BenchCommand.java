package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EmbeddedElasticsearch;
import dev.fraudwatch.launcher.DataDirLock;
import dev.fraudwatch.launcher.FraudWatchSystem;
import dev.fraudwatch.launcher.bench.BenchResult.Goal;
import dev.fraudwatch.simulator.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fraudwatch bench}: starts the very system {@code up} starts (without its simulator: the benchmark offers
 * the load itself), measures it, prints a table with every goal of issue 7 and writes the figures as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure FraudWatch on this machine: end-to-end throughput, decision latency, blocked -> e-mail "
        + "and -> searchable, resident memory, ready time, and the original system's design in the same run. "
        + "Prints a table and writes JSON. Uses <data-dir>/bench, emptied first.")
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--rates", split = ",", paramLabel = "TX_PER_S",
        defaultValue = "1000,2000,3000,5000,7500,10000,15000,20000,30000,50000",
        description = "Offered rates stepped through until one is not held (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--step-seconds", defaultValue = "20", description = "Seconds per rate step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--latency-rate", defaultValue = "5000",
        description = "Fixed offered rate for decision latency (default: ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "30",
        description = "Seconds of load per latency measurement (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--warmup-seconds", defaultValue = "5",
        description = "Seconds at the start of a latency run not measured (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--system-warmup-seconds", defaultValue = "20",
        description = "Seconds of load at up to 1,000 tx/s after start, before anything is measured, so the "
            + "figures are of a warm system (default: ${DEFAULT-VALUE}).")
    int systemWarmupSeconds;

    @Option(names = "--burst", defaultValue = "200000",
        description = "Transactions sent as fast as possible for the burst peak (default: ${DEFAULT-VALUE}).")
    long burst;

    @Option(names = "--backlog", defaultValue = "300000",
        description = "Backlog for the detection job vs the original's SQL (default: ${DEFAULT-VALUE}).")
    long backlog;

    @Option(names = "--indexer-docs", defaultValue = "100000",
        description = "Documents through the FraudWatch indexer (default: ${DEFAULT-VALUE}).")
    int indexerDocs;

    @Option(names = "--per-document-docs", defaultValue = "10000",
        description = "Documents indexed one request each, as the original did (default: ${DEFAULT-VALUE}).")
    int perDocumentDocs;

    @Option(names = "--customers", defaultValue = "100000",
        description = "Simulated customers, one population for the whole run (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--event-step-ms", defaultValue = "100",
        description = "Event time between two transactions, whatever the offered rate: the simulated clock runs "
            + "faster than the wall clock so each account keeps a realistic spacing (100 ms: an account of 100,000 "
            + "every ~2.8 h) and the decision mix stays what a bank sees; 0 = the wall clock, where thousands of "
            + "transactions per second make every account transact every few seconds and the velocity rule reviews "
            + "most of them (default: ${DEFAULT-VALUE}).")
    long eventStepMs;

    @Option(names = "--seed", defaultValue = "1", description = "First simulator seed; each phase uses the next "
        + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "fraudwatch-bench.json",
        description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (eventStepMs < 0) {
            throw new dev.fraudwatch.core.config.ConfigException("--event-step-ms must be 0 (the wall clock) or a "
                + "positive number of milliseconds, got " + eventStepMs + ".");
        }
        PrintStream out = System.out;
        Machine machine = Machine.now();
        Path benchDir = Path.of(common.settings().get("data.dir")).resolve("bench").toAbsolutePath();
        DataDirLock lock = DataDirLock.acquire(benchDir); // before emptying it: never under a running bench
        EmbeddedElasticsearch.stopNodeLeftBehind(benchDir.resolve("elasticsearch")); // by a bench killed with -9
        wipe(benchDir);
        // The benchmark offers the load itself, so up's simulator stays off.
        Settings settings = common.settings().with(Map.of("data.dir", benchDir.toString(),
            "simulator.enabled", "false"));
        out.printf("FraudWatch bench (data in %s; load average %.2f)%n", benchDir, machine.loadAverageStart());
        try (lock;
             ResidentMemory memory = new ResidentMemory();
             FraudWatchSystem system = new FraudWatchSystem(settings, out)) {
            system.start();
            out.printf("FraudWatch is up in %.1f s%n", system.readySeconds());
            String esUrl = ElasticsearchSettings.from(settings, system.embeddedElasticsearch()
                .map(EmbeddedElasticsearch::url)).url();
            var indices = ElasticsearchSettings.from(settings, system.embeddedElasticsearch()
                .map(EmbeddedElasticsearch::url)).indices();
            try (BlockedPath blocked = new BlockedPath(esUrl, indices.blockedCustomers(), system.embeddedSmtp(),
                     settings.getDouble("alerts.threshold"));
                 BlockedPath blockedAtMax = new BlockedPath(esUrl, indices.blockedCustomers(), system.embeddedSmtp(),
                     settings.getDouble("alerts.threshold"));
                 // Only the one tracking (during its phase's measured part) takes a block in.
                 DecisionWatcher decisions = new DecisionWatcher(system.kafka(), (id, amount, read) -> {
                     blocked.blocked(id, amount, read);
                     blockedAtMax.blocked(id, amount, read);
                 });
                 PipelineProgress progress = new PipelineProgress(system.kafka(),
                     settings.get("detector.consumer.group"),
                     settings.get("indexer.group.id") + "-" + indices.customerRisk(),
                     settings.get("alerts.consumer-group"));
                 AnalystUnblocks analyst = new AnalystUnblocks(system.kafka())) {
                SimulatorConfig sim = SimulatorConfig.fromSettings(settings).withCustomers(customers).withSeed(seed);
                LoadPhases phases = new LoadPhases(sim, system.kafka(), progress, decisions, analyst, out,
                    Duration.ofMillis(eventStepMs));
                Duration latency = Duration.ofSeconds(latencySeconds);
                Duration warmup = Duration.ofSeconds(warmupSeconds);

                phases.warmUp(Math.min(1000, latencyRate), Duration.ofSeconds(systemWarmupSeconds));
                // Throughput first, on a system that has seen nothing but the warm-up; every phase starts drained.
                List<BenchResult.Step> steps = phases.steps(rates, Duration.ofSeconds(stepSeconds));
                BenchResult.Step best = steps.stream().filter(BenchResult.Step::sustained)
                    .max(Comparator.comparingDouble(BenchResult.Step::offeredRate)).orElse(null);
                double sustained = best == null ? 0 : best.offeredRate();

                LoadPhases.LatencyRun fixed = phases.latency(latencyRate, latency, warmup, () -> blocked.track(true),
                    () -> blocked.track(false));
                blocked.drain(Duration.ofSeconds(40));
                BenchResult.AfterBlock afterBlock = afterBlock(latencyRate, blocked);
                LoadPhases.LatencyRun atMax = null;
                BenchResult.AfterBlock afterBlockAtMax = null;
                if (best != null) {
                    atMax = phases.latency(sustained, latency, warmup, () -> blockedAtMax.track(true),
                        () -> blockedAtMax.track(false));
                    blockedAtMax.drain(Duration.ofSeconds(40));
                    afterBlockAtMax = afterBlock(sustained, blockedAtMax);
                }

                double[] burstFigures = phases.burst(burst);
                BenchResult.Throughput throughput = new BenchResult.Throughput(steps, sustained,
                    best == null ? 0 : best.endToEndRate(), burst, burstFigures[0], burstFigures[1], burstFigures[2]);
                // Memory of the live system under load; the comparison below runs extra jobs in this JVM.
                ResidentMemory.Figures mem = memory.figures();

                OriginalDesign.Figures original = OriginalDesign.measure(settings, system.kafka(), esUrl,
                    benchDir.resolve("original"), backlog, customers, indexerDocs, perDocumentDocs, out);

                BenchResult.Startup startup = new BenchResult.Startup(system.readySeconds(),
                    system.serviceStartSeconds());
                BenchResult.DecisionLatency decision = new BenchResult.DecisionLatency(latencyRate,
                    fixed.window().percentiles(), sustained, atMax == null ? LatencyWindow.Percentiles.of(
                    new org.HdrHistogram.Histogram(3), 1) : atMax.window().percentiles(),
                    fixed.details(latencyRate), atMax == null ? null : atMax.details(sustained));
                BenchResult result = new BenchResult(machine.withEndLoad(), parameters(), startup, throughput,
                    decision, afterBlock, afterBlockAtMax, mem, original,
                    goals(throughput, decision, afterBlock, mem, startup));
                BenchTable.print(result, out);
                Path file = output.toAbsolutePath();
                Files.createDirectories(file.getParent());
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
                out.println("figures written to " + file);
            }
            out.println("stopping...");
        }
        return 0;
    }

    private static BenchResult.AfterBlock afterBlock(double rate, BlockedPath b) {
        return new BenchResult.AfterBlock(rate, b.tracked(), b.toMail(), b.unmailed(), b.toSearchable());
    }

    private List<Goal> goals(BenchResult.Throughput t, BenchResult.DecisionLatency d, BenchResult.AfterBlock b,
                             ResidentMemory.Figures mem, BenchResult.Startup s) {
        List<Goal> goals = new ArrayList<>();
        goals.add(Goal.atLeast("sustained end to end", 50_000, t.sustainedTxPerSecond(), "tx/s"));
        goals.add(Goal.atMost(String.format(java.util.Locale.ROOT, "decision p99 at %,.0f tx/s", d.fixedRate()), 100,
            d.atFixedRate().p99Ms(), "ms"));
        goals.add(Goal.atMost("blocked -> searchable p99", 2000, b.toSearchable().p99Ms(), "ms"));
        goals.add(Goal.atMost("resident memory, everything embedded", 3072, mem.totalPeakMiB(), "MiB"));
        goals.add(Goal.atMost("ready", 60, s.readySeconds(), "s"));
        return goals;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rates", rates);
        p.put("stepSeconds", stepSeconds);
        p.put("latencyRate", latencyRate);
        p.put("latencySeconds", latencySeconds);
        p.put("warmupSeconds", warmupSeconds);
        p.put("systemWarmupSeconds", systemWarmupSeconds);
        p.put("burst", burst);
        p.put("backlog", backlog);
        p.put("indexerDocs", indexerDocs);
        p.put("perDocumentDocs", perDocumentDocs);
        p.put("customers", customers);
        p.put("event_step_ms", eventStepMs);
        p.put("seed", seed);
        return p;
    }

    /** The bench directory is the benchmark's own scratch space: every run starts from nothing but its lock. */
    private static void wipe(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)
                && !p.equals(dir.resolve("fraudwatch.lock"))).forEach(p -> p.toFile().delete());
        }
    }
}
