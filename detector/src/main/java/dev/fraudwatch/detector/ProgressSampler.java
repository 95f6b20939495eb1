package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * How far a benchmark's job has got, over time: samples the log end offsets of one output topic that gets a record
 * per input transaction (customer_risk: one upsert each), every {@link #PERIOD_MS} ms on its own thread. The end
 * offsets count records as soon as the broker has them, before a transaction commits (read_uncommitted), so the
 * count follows the job, not its checkpoints.
 *
 * <p>Why: a run's whole-job rate includes the MiniCluster's start, the JIT compiling the job's code and the first
 * reads, which weigh more the shorter the run. The steady rate is the one a long-running job holds.
 */
final class ProgressSampler implements AutoCloseable {

    /** The steady state is measured from when this fraction of the output had been written ... */
    static final double FROM = 0.25;
    /** ... to when this fraction had (the tail, where the last partitions finish one by one, is left out). */
    static final double TO = 0.95;
    static final long PERIOD_MS = 200;

    /**
     * A rate with the window it was measured over, and the process CPU time it took there: microseconds per
     * transaction, and in cores (CPU seconds per second of the window).
     */
    record Rate(double perSecond, double cpuMicrosPerTransaction, double cores, String describe) {
    }

    private record Sample(long nanos, long records, long cpuNanos) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final LongSupplier cpuNanos;
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressSampler(KafkaSettings kafka, String topic, LongSupplier cpuNanos) {
        this.cpuNanos = cpuNanos;
        Properties p = kafka.clientProps();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        sample(); // the topic may hold records of an earlier run: counted from here
        thread = new Thread(this::loop, "progress-sampler-" + topic);
        thread.setDaemon(true);
    }

    /** {@code cpuNanos}: the CPU time to sample with each count (the benchmark passes its process's). */
    static ProgressSampler start(KafkaSettings kafka, String topic, LongSupplier cpuNanos) {
        ProgressSampler s = new ProgressSampler(kafka, topic, cpuNanos);
        s.thread.start();
        return s;
    }

    private void loop() {
        while (running) {
            try {
                sample();
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException | InterruptException e) {
                return;
            }
        }
    }

    private void sample() {
        long records = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        synchronized (samples) {
            samples.add(new Sample(System.nanoTime(), records, cpuNanos.getAsLong()));
        }
    }

    /**
     * Call after the job has ended. Transactions per second between the samples at {@link #FROM} and {@link #TO} of
     * the records written in this run: records per second, scaled by {@code transactions} / records written (1.0 for
     * customer_risk but for Kafka's transaction markers, which take offsets too). NaN when the run was too short to
     * have two distinct samples in that window.
     */
    Rate steadyRate(long transactions) throws InterruptedException {
        running = false;
        thread.join();
        sample();
        List<Sample> s;
        synchronized (samples) {
            s = List.copyOf(samples);
        }
        return steadyRate(transactions, s.stream().mapToLong(Sample::nanos).toArray(),
            s.stream().mapToLong(Sample::records).toArray(), s.stream().mapToLong(Sample::cpuNanos).toArray());
    }

    /**
     * The window computation, on parallel arrays of sample times (ns), record counts (the first is the base) and
     * CPU times (ns).
     */
    static Rate steadyRate(long transactions, long[] nanos, long[] records, long[] cpuNanos) {
        long base = records[0];
        long total = records[records.length - 1] - base;
        int from = -1;
        int to = -1;
        for (int i = 0; i < records.length; i++) {
            long done = records[i] - base;
            if (from < 0 && done >= FROM * total) {
                from = i;
            }
            if (done <= TO * total) {
                to = i;
            }
        }
        if (total <= 0 || from < 0 || to <= from) {
            return new Rate(Double.NaN, Double.NaN, Double.NaN, "run too short for a steady-state window");
        }
        double seconds = (nanos[to] - nanos[from]) / 1e9;
        long counted = records[to] - records[from];
        double decided = (double) counted * transactions / total;
        double cpuSeconds = (cpuNanos[to] - cpuNanos[from]) / 1e9;
        return new Rate(decided / seconds, cpuSeconds * 1e6 / decided, cpuSeconds / seconds, String.format(Locale.ROOT,
            "steady state: %,d output records in %.1f s, from %.0f %% to %.0f %% of the output", counted, seconds,
            100.0 * (records[from] - base) / total, 100.0 * (records[to] - base) / total));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        consumer.close();
    }
}
