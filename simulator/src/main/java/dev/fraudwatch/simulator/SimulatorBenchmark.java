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
 * [warm-up transactions] [compression.type]}, default 1,000,000, 200,000 and the simulator's lz4. The figure covers generation, JSON serialisation,
 * sending and waiting for every acknowledgement (acks=all).
 */
public final class SimulatorBenchmark {

    private SimulatorBenchmark() {
    }

    /**
     * The yardstick on the same machine at the same moment: a plain producer with the simulator's settings
     * sending ready-made 500-byte values (cut from real records, so they compress alike). The simulator's
     * rate divided by this one says how much generation and serialisation cost, whatever the machine's load.
     */
    private static void baseline(KafkaSettings kafka, long count, List<CustomerProfile> customers, int length,
                                 boolean headers) throws IOException {
        TransactionGenerator generator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(2),
            customers, java.time.Clock.systemDefaultZone());
        TransactionEncoder encoder = new TransactionEncoder(customers);
        byte[][] values = new byte[1000][];
        byte[][] keys = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            dev.fraudwatch.core.model.Transaction t = generator.next().transaction();
            byte[] full = encoder.encode(t);
            values[i] = java.util.Arrays.copyOf(full, Math.min(length, full.length));
            keys[i] = encoder.key(t);
        }
        String topic = kafka.topics().deadLetter();
        DeliveryCounter delivery = new DeliveryCounter();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                 new org.apache.kafka.clients.producer.KafkaProducer<>(Simulator.producerProperties(kafka),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (long n = 0; n < count; n++) {
                int i = (int) (n % values.length);
                org.apache.kafka.common.header.Header[] h = headers ? new org.apache.kafka.common.header.Header[]{
                    new org.apache.kafka.common.header.internals.RecordHeader(dev.fraudwatch.core.model.Headers.SCENARIO,
                        Scenarios.headerValue(Scenarios.NONE)),
                    new org.apache.kafka.common.header.internals.RecordHeader(
                        dev.fraudwatch.core.model.Headers.PRODUCED_AT, keys[i])} : null;
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, keys[i], values[i],
                    headers ? new org.apache.kafka.common.header.internals.RecordHeaders(h) : null), delivery);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / count;
        System.out.printf(Locale.ROOT, "BASELINE plain producer, ready-made %s values%s, same settings: %.0f msg/s, "
                + "%.2f us CPU per record in the sending thread (%d delivered, %d failed)%n",
            length == Integer.MAX_VALUE ? "full-record" : length + "-byte", headers ? " with the two headers" : "",
            count / seconds, cpuMicros, delivery.delivered(), delivery.failed());
    }

    public static void main(String[] args) throws IOException {
        long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
        long warmup = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : Math.min(200_000L, count);
        Path dir = Files.createTempDirectory("fw-simulator-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0, 0, 3)) {
            // Optional third argument: a compression.type to try instead of the default lz4 (e.g. none, zstd).
            KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(),
                args.length > 2 ? java.util.Map.of("compression.type", args[2]) : java.util.Map.of(),
                Topics.defaults(), 3, (short) 1);
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
            baseline(kafka, count, customers, 500, false);
            baseline(kafka, count, customers, Integer.MAX_VALUE, true);
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
