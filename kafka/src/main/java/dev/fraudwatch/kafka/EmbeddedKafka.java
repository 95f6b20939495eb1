package dev.fraudwatch.kafka;

import dev.fraudwatch.core.config.Ports;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one), run inside this JVM.
 *
 * <p>In-process rather than a child process: one JVM for the whole laptop setup means one Ctrl-C stops
 * everything in order, nothing is left running if the launcher dies, and no second JVM's ~150 MB base cost.
 * The log directory is on disk, formatted once; a later start on the same directory keeps every topic and
 * record.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Formats {@code logDir} if it is new and starts the broker.
     *
     * @param port           client port on 127.0.0.1; 0 picks a free one
     * @param controllerPort KRaft controller port on 127.0.0.1; 0 picks a free one
     * @param partitions     default partition count for topics created without one
     */
    public static EmbeddedKafka start(Path logDir, int port, int controllerPort, int partitions) {
        Ports.requireFree("127.0.0.1", port, "the embedded Kafka broker", "kafka.embedded.port");
        Ports.requireFree("127.0.0.1", controllerPort, "the embedded Kafka controller",
            "kafka.embedded.controller.port");
        int p = Ports.orFree(port);
        int cp = Ports.orFree(controllerPort);
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties(logDir, p, cp, partitions);
            formatIfNew(logDir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            long t0 = System.nanoTime();
            server.startup();
            LOG.info("Embedded Kafka broker on 127.0.0.1:{} (data {}) started in {} ms", p, logDir,
                (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedKafka(server, "127.0.0.1:" + p, logDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", String.valueOf(partitions));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // FraudWatch creates its topics explicitly (with the right partitions and compaction); a typo in a
        // topic name must not silently create an empty one.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void formatIfNew(Path logDir, Properties props) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("fraudwatch-kafka", ".properties");
        try {
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "FraudWatch embedded Kafka");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: "
                    + out.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
