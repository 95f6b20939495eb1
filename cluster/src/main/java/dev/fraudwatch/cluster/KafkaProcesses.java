package dev.fraudwatch.cluster;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The brokers of the local KRaft Kafka: every broker is also a controller, so the quorum has as many voters as
 * brokers and survives the loss of a minority. Each broker is {@code java -cp <kafka jars> kafka.Kafka
 * server.properties}, its storage formatted once with Kafka's StorageTool.
 */
final class KafkaProcesses {

    static final String MAIN = "kafka.Kafka";

    private final ClusterConfig config;
    private final String classpath;
    private final Path kafkaDir;
    private final Path logDir;

    KafkaProcesses(ClusterConfig config, String classpath, Path logDir) {
        this.config = config;
        this.classpath = classpath;
        this.kafkaDir = config.dir().resolve("kafka");
        this.logDir = logDir;
    }

    Properties brokerProperties(int node) {
        String host = ClusterConfig.HOST;
        String voters = IntStream.range(0, config.brokers())
            .mapToObj(i -> i + "@" + host + ":" + config.kafkaControllerPorts().get(i))
            .collect(Collectors.joining(","));
        int port = config.kafkaPorts().get(node);
        int controllerPort = config.kafkaControllerPorts().get(node);
        String rf = String.valueOf(config.replicationFactor());
        String minIsr = String.valueOf(config.minInsyncReplicas());
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir(node).toAbsolutePath().toString());
        p.put("num.partitions", String.valueOf(config.partitions()));
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", String.valueOf(config.partitions()));
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", String.valueOf(config.partitions()));
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("unclean.leader.election.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Fewer threads than the defaults (3 network, 8 I/O): six JVMs share a small machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        return p;
    }

    Path logDir(int node) {
        return kafkaDir.resolve("broker-" + node);
    }

    /** Writes every broker's server.properties and formats the storage of brokers that were never started. */
    void prepare() {
        try {
            Files.createDirectories(kafkaDir);
            String clusterId = clusterId();
            for (int i = 0; i < config.brokers(); i++) {
                Path props = propertiesFile(i);
                try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
                    brokerProperties(i).store(w, "FraudWatch local cluster, broker " + i);
                }
                if (!Files.exists(logDir(i).resolve("meta.properties"))) {
                    format(props, clusterId);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka brokers in " + kafkaDir, e);
        }
    }

    ChildProcess broker(int node, Path log4jConfig) {
        String role = "kafka-" + node;
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.javaBinary(), ChildProcess.memberFlag(role),
            "-Xms" + config.kafkaHeap(), "-Xmx" + config.kafkaHeap()));
        cmd.addAll(ChildProcess.SMALL_JVM_FLAGS);
        cmd.addAll(List.of("-Djava.awt.headless=true",
            "-Dlog.file=" + logDir.resolve(role + ".log").toAbsolutePath(),
            "-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath().toUri(),
            "-cp", classpath, MAIN, propertiesFile(node).toAbsolutePath().toString()));
        return new ChildProcess(role, MAIN, cmd, kafkaDir, logDir.resolve(role + ".out"));
    }

    private Path propertiesFile(int node) {
        return kafkaDir.resolve("server-" + node + ".properties");
    }

    /** One cluster id for every broker, kept so a broker formatted later joins the same cluster. */
    private String clusterId() throws IOException {
        Path f = kafkaDir.resolve("cluster.id");
        if (Files.exists(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(f, id, StandardCharsets.UTF_8);
        return id;
    }

    /** In this JVM (Kafka's StorageTool returns instead of exiting), which saves a JVM start per broker. */
    private static void format(Path props, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", props.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage for " + props + " failed: "
                + out.toString(StandardCharsets.UTF_8));
        }
    }
}
