package dev.fraudwatch.simulator;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The simulator as a part of {@code fraudwatch up}: {@link #start()} checks that the transactions topic is
 * reachable, then sends on a thread of its own and returns; {@link #close()} stops, flushes and logs the summary.
 */
public final class SimulatorService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final SimulatorConfig config;
    private final KafkaSettings kafka;
    private volatile Simulator simulator;
    private volatile Thread thread;
    private volatile SendReport report;

    public SimulatorService(SimulatorConfig config, KafkaSettings kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    /** From {@code simulator.*} settings. */
    public static SimulatorService fromSettings(Settings settings, KafkaSettings kafka) {
        return new SimulatorService(SimulatorConfig.fromSettings(settings), kafka);
    }

    @Override
    public String name() {
        return "transaction simulator";
    }

    @Override
    public void start() {
        requireTopic();
        Simulator s = new Simulator(config, kafka);
        simulator = s;
        Thread t = new Thread(() -> {
            try {
                report = s.run();
            } catch (RuntimeException e) {
                LOG.error("The transaction simulator stopped: {}", e.getMessage(), e);
            }
        }, "fraudwatch-simulator");
        thread = t;
        t.start();
    }

    /** Fails fast with a clear message when Kafka or the topic is not there, instead of failing every send. */
    private void requireTopic() {
        Properties p = Simulator.producerProperties(kafka);
        p.putIfAbsent("max.block.ms", "30000");
        String topic = kafka.topics().transactions();
        try (KafkaProducer<byte[], byte[]> probe = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            probe.partitionsFor(topic);
        } catch (KafkaException e) {
            throw new IllegalStateException("The simulator cannot reach topic " + topic + " on Kafka at "
                + kafka.bootstrapServers() + " (setting kafka.bootstrap.servers): " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> endpoints() {
        return List.of("simulating into topic " + kafka.topics().transactions() + ": " + config.describe());
    }

    /** The summary of the run once it ended (count or duration reached, or closed). */
    public Optional<SendReport> report() {
        return Optional.ofNullable(report);
    }

    /** Records the broker acknowledged so far in this run. */
    public long delivered() {
        Simulator s = simulator;
        return s == null ? 0 : s.delivered();
    }

    /** True while the sending thread runs. */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        Simulator s = simulator;
        Thread t = thread;
        if (s == null || t == null) {
            return;
        }
        s.stop();
        try {
            t.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.error("The transaction simulator did not stop within {} s", STOP_TIMEOUT.toSeconds());
        }
    }
}
