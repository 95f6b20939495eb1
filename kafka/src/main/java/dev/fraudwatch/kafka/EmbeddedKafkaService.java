package dev.fraudwatch.kafka;

import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;

import java.nio.file.Path;
import java.util.List;

/** The embedded broker as a {@link Service} of {@code fraudwatch up}; its log lives in {@code data.dir}/kafka. */
public final class EmbeddedKafkaService implements Service {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private volatile EmbeddedKafka broker;

    public EmbeddedKafkaService(Path logDir, int port, int controllerPort, int partitions) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    public static EmbeddedKafkaService fromSettings(Settings s) {
        return new EmbeddedKafkaService(Path.of(s.get("data.dir")).resolve("kafka"), s.getInt("kafka.embedded.port"),
            s.getInt("kafka.embedded.controller.port"), s.getInt("kafka.partitions"));
    }

    @Override
    public String name() {
        return "Kafka broker (embedded, KRaft)";
    }

    @Override
    public void start() {
        broker = EmbeddedKafka.start(logDir, port, controllerPort, partitions);
    }

    /** Valid after {@link #start()}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public List<String> endpoints() {
        return broker == null ? List.of() : List.of("bootstrap " + broker.bootstrapServers() + ", data " + logDir);
    }

    @Override
    public void close() {
        EmbeddedKafka b = broker;
        broker = null;
        if (b != null) {
            b.close();
        }
    }
}
