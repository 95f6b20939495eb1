package dev.fraudwatch.faults;

import dev.fraudwatch.core.config.Ports;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real single-node KRaft broker as its own process ({@code kafka.Kafka server.properties}), so it can be
 * SIGKILLed and started again on the same log directory and ports. Storage is formatted once, in this JVM.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port = Ports.freePort();
    private final int controllerPort = Ports.freePort();
    private ChildJvm jvm;

    BrokerProcess(Path dir) throws IOException {
        this.dir = dir;
        Path props = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
            properties().store(w, "fault-injection broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c",
            props.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as("format: %s", out).isZero();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(Map.of("process.roles", "broker,controller", "node.id", "1",
            "controller.quorum.voters", "1@127.0.0.1:" + controllerPort,
            "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names", "CONTROLLER", "inter.broker.listener.name", "PLAINTEXT",
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs", dir.resolve("log").toAbsolutePath().toString(), "num.partitions", "3"));
        p.putAll(Map.of("offsets.topic.replication.factor", "1", "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "3", "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1", "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false"));
        p.putAll(Map.of("num.network.threads", "2", "num.io.threads", "2"));
        return p;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it answers as a cluster of one. */
    void start() throws IOException {
        jvm = ChildJvm.start("kafka", dir, "512m", "kafka.Kafka",
            List.of(dir.resolve("server.properties").toString()));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        await("Kafka broker answers").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptions().untilAsserted(() -> {
                assertThat(jvm.isAlive()).as("broker alive: %s", jvm.output()).isTrue();
                try (Admin admin = Admin.create(p)) {
                    assertThat(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)).hasSize(1);
                }
            });
    }

    /** kill -9 of the broker: unflushed page cache survives (a process crash, not a power cut). */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
    }
}
