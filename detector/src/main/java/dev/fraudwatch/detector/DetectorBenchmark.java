package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.kafka.EmbeddedKafka;
import dev.fraudwatch.kafka.TopicAdmin;
import dev.fraudwatch.rules.RulesSettings;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;
import org.apache.flink.api.common.JobExecutionResult;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;

/**
 * Sustained throughput of the detection job over a pre-filled topic, on this machine: fills a topic of an
 * embedded broker with N simulated transactions, then runs over that backlog (a) the full job (decode, rules,
 * analytics, every sink) and (b) the original system's job, its contract SQL alone ({@link OriginalSqlJob}), and
 * prints transactions/s of each, their ratio, the CPU they used and what the full job wrote. Not a test: run it by
 * hand (command in detector/README.md).
 *
 * <p>Two rates per job: over the whole run (n / Flink's net runtime, which includes the job's start, the JIT
 * compiling its code and the first reads: about 10 s of slower work, a third of a one-million run), and the
 * sustained rate, in the steady state between 25 % and 95 % of the run ({@link ProgressSampler}). The RESULT line
 * and the ratio use the sustained rates.
 *
 * <p>Arguments: {@code [transactions, default 3000000] [parallelism, default 2] [customers, default 100000]
 * [which: both | full | original, default both] [key=value settings, e.g. detector.checkpoint.interval.ms=10000]}.
 * Why 100,000 customers by default: with the original's 1,000,
 * a million transactions are a thousand per customer, 5 % of them fraud, and since nobody unblocks in a benchmark
 * about 40 % of the accounts end up blocked and a quarter of all transactions are re-blocked, each writing an alert
 * and a blocked record; a bank-sized population keeps the decision mix realistic. The mix is printed (three million
 * transactions, 30 per customer: 7.5 % alerted, 2.8 % blocked; one million: 5.9 % and 1.2 %).
 */
public final class DetectorBenchmark {

    private DetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        String which = args.length > 3 ? args[3] : "both";
        Path work = Files.createTempDirectory("fraudwatch-benchmark");
        Map<String, String> overrides = new java.util.HashMap<>(FraudDetectionJob.flags(
            java.util.Arrays.copyOfRange(args, Math.min(4, args.length), args.length)));
        overrides.put("data.dir", work.toString());
        Settings settings = Settings.of(overrides);
        try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0, 0, 3)) {
            Topics full = Topics.defaults().withSuffix("bench_full");
            Topics original = new Topics(full.transactions(), full.customerRisk() + "_original",
                full.fraudDashboard() + "_original", full.blockedCustomers() + "_original",
                full.fraudAlerts() + "_original", full.deadLetter() + "_original", full.rules() + "_original",
                full.control() + "_original");
            KafkaSettings kafkaFull = KafkaSettings.local(broker.bootstrapServers(), full);
            KafkaSettings kafkaOriginal = KafkaSettings.local(broker.bootstrapServers(), original);
            TopicAdmin.ensureTopics(kafkaFull);
            TopicAdmin.ensureTopics(kafkaOriginal);

            SimulatorConfig sim = SimulatorConfig.fromSettings(settings).withSeed(1).withCount(n).withRate(0)
                .withCustomers(customers).withSimulatedClock(LocalDateTime.of(2025, 3, 1, 12, 0))
                .withProgressInterval(Duration.ofSeconds(30));
            System.out.println("Pre-filling " + full.transactions() + ": " + sim.describe());
            SendReport fill = new Simulator(sim, kafkaFull, System.out::println).run();
            System.out.println(fill.summary());
            if (!fill.ok()) {
                throw new IllegalStateException("pre-filling failed: " + fill.summary());
            }

            DetectorConfig base = DetectorConfig.from(settings).withParallelism(parallelism).withWebPort(-1);
            double a = Double.NaN;
            double b = Double.NaN;
            if (!which.equals("original")) {
                a = measure("(a) everything on: decode, rules, analytics, all sinks", n, kafkaFull,
                    full.customerRisk(), base.withCheckpoints(work.resolve("checkpoints-full"), base.checkpointInterval())
                        .withNames("bench-full", "bench-full", "bench-full"), FraudDetectionJob.Mode.FULL);
                printOutput(kafkaFull);
            }
            if (!which.equals("full")) {
                b = measure("(b) the original's job alone (contract SQL)", n, kafkaOriginal,
                    original.customerRisk(), base.withCheckpoints(work.resolve("checkpoints-original"), base.checkpointInterval())
                        .withNames("bench-original", "bench-original", "bench-original"),
                    FraudDetectionJob.Mode.ORIGINAL);
            }
            System.out.printf(Locale.ROOT, "RESULT transactions=%d parallelism=%d customers=%d full=%.0f tx/s "
                + "original=%.0f tx/s ratio full/original=%.2f (sustained rates)%n", n, parallelism, customers, a, b,
                a / b);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What the full job wrote: the decision mix and the volume of every output. */
    private static void printOutput(KafkaSettings kafka) {
        Topics t = kafka.topics();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String topic : java.util.List.of(t.fraudAlerts(), t.blockedCustomers(), t.customerRisk(),
            t.fraudDashboard(), t.deadLetter())) {
            long[] c = {0};
            BacklogRun.readAll(kafka, topic, r -> c[0]++);
            counts.put(topic, c[0]);
        }
        System.out.println("    records written: " + counts);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /**
     * Runs one job over the backlog and returns its sustained rate: transactions per second in the steady state,
     * between the moments {@link ProgressSampler#FROM} and {@link ProgressSampler#TO} of the input had been
     * decided, as counted by the records of {@code progressTopic} (one customer_risk upsert per transaction). The
     * whole run's rate (start-up and JIT warm-up included) is printed next to it.
     */
    private static double measure(String label, long n, KafkaSettings kafka, String progressTopic,
                                  DetectorConfig config, FraudDetectionJob.Mode mode) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        JobExecutionResult result;
        ProgressSampler.Rate sustained;
        try (ProgressSampler progress = ProgressSampler.start(kafka, progressTopic, DetectorBenchmark::processCpuNanos)) {
            result = BacklogRun.run(kafka, config, RulesSettings.defaults(), mode);
            sustained = progress.steadyRate(n);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double net = result.getNetRuntime() / 1000.0;
        double rate = n / net;
        // On a shared machine the wall-clock rate depends on the neighbours; CPU seconds used (this process,
        // broker included) say what the job costs.
        System.out.printf(Locale.ROOT, "%s: %d transactions in %.1f s job runtime (%.1f s wall incl. start-up), "
            + "%.0f tx/s over the whole run; sustained %.0f tx/s (%s), there %.1f us process CPU per transaction "
            + "(%.2f cores); whole run: process CPU %.1f s = %.0f tx per CPU-second; load average %.1f%n", label, n,
            net, wall, rate, sustained.perSecond(), sustained.describe(), sustained.cpuMicrosPerTransaction(),
            sustained.cores(), cpu, n / cpu, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return sustained.perSecond();
    }

}
