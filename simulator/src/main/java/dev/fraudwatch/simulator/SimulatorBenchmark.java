package dev.fraudwatch.simulator;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.kafka.EmbeddedKafka;
import dev.fraudwatch.kafka.TopicAdmin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the simulator's sustained send rate (rate 0) into a real embedded KRaft broker in a temporary
 * directory. Not a test: run it by hand (see simulator/README.md). Arguments: {@code [transactions]
 * [warm-up transactions]}, default 1,000,000 and 200,000. The figure covers generation, JSON serialisation,
 * sending and waiting for every acknowledgement (acks=all).
 */
public final class SimulatorBenchmark {

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
        long warmup = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : Math.min(200_000L, count);
        Path dir = Files.createTempDirectory("fw-simulator-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0, 0, 3)) {
            KafkaSettings kafka = KafkaSettings.local(broker.bootstrapServers(), Topics.defaults());
            TopicAdmin.ensureTopics(kafka);
            SimulatorConfig config = SimulatorConfig.defaults().withSeed(1).withRate(0)
                .withProgressInterval(Duration.ofSeconds(5));
            List<CustomerProfile> customers = CustomerProfiles.generate(config.customers(), config.seed());
            System.out.println("Warm-up: " + warmup + " transactions");
            SendReport warm = new Simulator(config.withCount(warmup), kafka, System.out::println, customers).run();
            System.out.println(warm.summary());
            System.out.println("Measured: " + count + " transactions (" + config.describe() + ")");
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long processCpu0 = os.getProcessCpuTime();
            long threadCpu0 = threads.getCurrentThreadCpuTime();
            SendReport report = new Simulator(config.withCount(count), kafka, System.out::println, customers).run();
            double threadCpuMicros = (threads.getCurrentThreadCpuTime() - threadCpu0) / 1e3 / Math.max(1, report.sent());
            double processCpuMicros = (os.getProcessCpuTime() - processCpu0) / 1e3 / Math.max(1, report.sent());
            System.out.println(report.summary());
            // CPU time per record does not depend on how busy the machine is, unlike the wall-clock rate.
            System.out.printf(Locale.ROOT, "CPU per transaction: %.2f us in the sending thread, %.2f us in the whole "
                    + "JVM (simulator + producer I/O + broker); load average %.1f%n", threadCpuMicros,
                processCpuMicros, os.getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "RESULT: %.0f tx/s, %.1f MB/s, %d bytes/record average, %d failed, "
                    + "%d available processors%n", report.transactionsPerSecond(), report.megabytesPerSecond(),
                report.sent() == 0 ? 0 : report.bytes() / report.sent(), report.failed(),
                Runtime.getRuntime().availableProcessors());
            if (!report.ok()) {
                System.exit(1);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
