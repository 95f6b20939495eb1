package dev.fraudwatch.simulator;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.model.Headers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Sends the {@link TransactionGenerator}'s transactions to the transactions topic: keyed by {@code Account Number},
 * value the contract JSON, ground truth in header {@code fw-scenario}, send time (epoch ms, decimal text) in
 * {@code fw-produced-at}. Asynchronous, batched, lz4-compressed, idempotent; every delivery failure is counted
 * in the {@link SendReport}. One run per instance; {@link #stop()} ends it from another thread.
 */
public final class Simulator {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final long MAX_PARK_NANOS = 50_000_000L;

    private final SimulatorConfig config;
    private final KafkaSettings kafka;
    private final Consumer<String> progress;
    private LongConsumer onStart = micros -> { };
    private final List<CustomerProfile> customers;
    private final DeliveryCounter delivery = new DeliveryCounter();
    private volatile boolean stopRequested;

    public Simulator(SimulatorConfig config, KafkaSettings kafka) {
        this(config, kafka, LOG::info);
    }

    /** {@code progress} receives the progress lines (e.g. {@code System.err::println}). */
    public Simulator(SimulatorConfig config, KafkaSettings kafka, Consumer<String> progress) {
        this(config, kafka, progress, CustomerProfiles.generate(config.customers(), config.seed()));
    }

    /**
     * With customers made earlier ({@link CustomerProfiles#generate}), e.g. one population shared by several runs
     * that each draw their transactions from their own seed.
     */
    public Simulator(SimulatorConfig config, KafkaSettings kafka, Consumer<String> progress,
                     List<CustomerProfile> customers) {
        this.config = config;
        this.kafka = kafka;
        this.progress = progress;
        this.customers = customers;
    }

    /** Runs the configured simulation to its end (count, duration, or {@link #stop()}) and reports. */
    public static SendReport run(SimulatorConfig config, KafkaSettings kafka) {
        return new Simulator(config, kafka).run();
    }

    /** The producer settings: throughput-oriented, never losing or duplicating a record on retry. */
    public static Properties producerProperties(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fraudwatch-simulator");
        // Pass-through client properties (kafka.client.*) win, so an operator can retune any of the above.
        p.putAll(kafka.clientProps());
        return p;
    }

    /**
     * {@code listener} gets, once per {@link #run()} and before its first record, the wall-clock time (epoch
     * microseconds) its pacing counts from: the first transaction is due then and the n-th {@code n / rate} later
     * (on a simulated clock with a time scale, its event time maps back to this origin). The set-up before it (the
     * customers' encoded profiles: about 0.2 s for 100,000) is not part of it. Returns this simulator.
     */
    public Simulator onStart(LongConsumer listener) {
        this.onStart = listener;
        return this;
    }

    /** Asks a running {@link #run()} to stop after the current record; it then flushes and reports. */
    public void stop() {
        stopRequested = true;
    }

    public SendReport run() {
        TransactionGenerator generator = new TransactionGenerator(config, customers, Clock.systemDefaultZone());
        TransactionEncoder encoder = new TransactionEncoder(customers);
        long producedAtMillis = -1;
        byte[] producedAt = null;
        String topic = kafka.topics().transactions();
        Map<String, long[]> scenarioCounts = new HashMap<>();
        long sent = 0;
        long bytes = 0;
        String error = null;
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        onStart.accept(startedAt.getEpochSecond() * 1_000_000 + startedAt.getNano() / 1000);
        long deadline = config.duration().isZero() ? Long.MAX_VALUE : start + config.duration().toNanos();
        long progressEvery = config.progressInterval().toNanos();
        long nextProgress = progressEvery > 0 ? start + progressEvery : Long.MAX_VALUE;
        long lastProgressSent = 0;
        long lastProgressAt = start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka),
            new ByteArraySerializer(), new ByteArraySerializer())) {
            try {
                while (!stopRequested && (config.count() == 0 || sent < config.count())) {
                    long now = System.nanoTime();
                    if (config.rate() > 0) {
                        now = awaitDue(start + generator.nextOffsetNanos(), deadline);
                    }
                    if (now >= deadline || stopRequested) {
                        break;
                    }
                    SimulatedTransaction st = generator.next();
                    byte[] value = encoder.encode(st.transaction());
                    long millis = System.currentTimeMillis();
                    if (millis != producedAtMillis) {
                        // Shared by the records of one millisecond: Kafka never modifies header values.
                        producedAtMillis = millis;
                        producedAt = Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
                    }
                    Header[] headers = {
                        new RecordHeader(Headers.SCENARIO, Scenarios.headerValue(st.scenario())),
                        new RecordHeader(Headers.PRODUCED_AT, producedAt)};
                    producer.send(new ProducerRecord<>(topic, null, encoder.key(st.transaction()), value,
                        new RecordHeaders(headers)), delivery);
                    sent++;
                    bytes += value.length;
                    scenarioCounts.computeIfAbsent(st.scenario(), k -> new long[1])[0]++;
                    if (now >= nextProgress) {
                        progress.accept(progressLine(sent, (sent - lastProgressSent) * 1e9 / (now - lastProgressAt)));
                        lastProgressSent = sent;
                        lastProgressAt = now;
                        nextProgress = now + progressEvery;
                    }
                }
            } catch (KafkaException | IOException e) {
                // The producer itself is broken (closed, fatal auth/config error): stop and report, do not spin.
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("Simulator stopped after {} records: {}", sent, error, e);
            } finally {
                flush(producer);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Long> counts = new HashMap<>();
        scenarioCounts.forEach((k, v) -> counts.put(k, v[0]));
        String firstError = error != null ? error : delivery.firstError();
        SendReport report = new SendReport(sent, delivery.delivered(), delivery.failed(), bytes, elapsed, counts,
            config.seed(), firstError);
        if (report.ok()) {
            LOG.info(report.summary());
        } else {
            LOG.error(report.summary());
        }
        return report;
    }

    private static void flush(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.flush();
        } catch (KafkaException e) {
            // Records that cannot be flushed fail through their callbacks, which count them.
            LOG.error("Flushing the simulator's producer failed: {}", e.getMessage());
        }
    }

    private String progressLine(long sent, double rate) {
        return String.format(java.util.Locale.ROOT, "simulator: sent %d, %.0f tx/s, delivered %d, errors %d",
            sent, rate, delivery.delivered(), delivery.failed());
    }

    /** Waits until {@code due} (or the deadline, or a stop request); returns the time it woke up. */
    private long awaitDue(long due, long deadline) {
        long now = System.nanoTime();
        long until = Math.min(due, deadline);
        while (now < until && !stopRequested) {
            LockSupport.parkNanos(Math.min(until - now, MAX_PARK_NANOS));
            now = System.nanoTime();
        }
        return now;
    }

    /** Delivery outcomes so far: safe to read while the run goes on. */
    public long delivered() {
        return delivery.delivered();
    }

    public long failed() {
        return delivery.failed();
    }
}
