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
 * analytics, every sink, exactly-once) and (b) the original system's analytics alone, and prints transactions/s
 * of each and their ratio. Not a test: run it by hand (command in detector/README.md).
 *
 * <p>Arguments: {@code [transactions, default 1000000] [parallelism, default 2]}.
 */
public final class DetectorBenchmark {

    private DetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path work = Files.createTempDirectory("fraudwatch-benchmark");
        Settings settings = Settings.of(Map.of("data.dir", work.toString()));
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
                .withSimulatedClock(LocalDateTime.of(2025, 3, 1, 12, 0)).withProgressInterval(Duration.ofSeconds(30));
            System.out.println("Pre-filling " + full.transactions() + ": " + sim.describe());
            SendReport fill = new Simulator(sim, kafkaFull, System.out::println).run();
            System.out.println(fill.summary());
            if (!fill.ok()) {
                throw new IllegalStateException("pre-filling failed: " + fill.summary());
            }

            DetectorConfig base = DetectorConfig.from(settings).withParallelism(parallelism).withWebPort(-1);
            double a = measure("(a) everything on: decode, rules, analytics, all sinks", n, kafkaFull,
                base.withCheckpoints(work.resolve("checkpoints-full"), base.checkpointInterval())
                    .withNames("bench-full", "bench-full", "bench-full"), FraudDetectionJob.Mode.FULL);
            double b = measure("(b) the original's analytics alone", n, kafkaOriginal,
                base.withCheckpoints(work.resolve("checkpoints-original"), base.checkpointInterval())
                    .withNames("bench-original", "bench-original", "bench-original"),
                FraudDetectionJob.Mode.ORIGINAL);
            System.out.printf(Locale.ROOT, "RESULT transactions=%d parallelism=%d full=%.0f tx/s original=%.0f tx/s "
                + "ratio full/original=%.2f%n", n, parallelism, a, b, a / b);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static double measure(String label, long n, KafkaSettings kafka, DetectorConfig config,
                                  FraudDetectionJob.Mode mode) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        JobExecutionResult result = BacklogRun.run(kafka, config, RulesSettings.defaults(), mode);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double net = result.getNetRuntime() / 1000.0;
        double rate = n / net;
        // On a shared machine the wall-clock rate depends on the neighbours; CPU seconds used (this process,
        // broker included) say what the job costs.
        System.out.printf(Locale.ROOT, "%s: %d transactions in %.1f s job runtime (%.1f s wall incl. start-up), "
            + "%.0f tx/s; process CPU %.1f s = %.0f tx per CPU-second; load average %.1f%n", label, n, net, wall,
            rate, cpu, n / cpu, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return rate;
    }

}
