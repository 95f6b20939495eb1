package dev.fraudwatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the real {@code fraudwatch} jar as a user would, in child processes: {@code up} starts every embedded engine
 * and component and data flows from the simulator to every topic, Elasticsearch index, the web service and the
 * local SMTP server; a second {@code up} on the same data is refused; SIGTERM stops it cleanly and in order within
 * seconds; the next {@code up} finds the earlier data; after {@code kill -9} of {@code up} mid-run the next one stops
 * the Elasticsearch node left behind and carries on.
 */
class FraudWatchUpIT {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int kafkaPort = Ports.freePort();
    private final int esPort = Ports.freePort();
    private final int webPort = Ports.freePort();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
        elasticsearchProcesses().forEach(ProcessHandle::destroyForcibly); // a node left behind by a kill -9
    }

    /**
     * JUnit makes temp directories private; Elasticsearch runs as an unprivileged user when the tests run as root
     * and must reach its data under this one.
     */
    @org.junit.jupiter.api.BeforeEach
    void openUpTempDir() throws IOException {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void upRunsThePipelineRefusesASecondUpAndKeepsDataAcrossRestartsAndAKillMinus9() throws Exception {
        Running first = up();
        first.awaitLine("FraudWatch is up", Duration.ofMinutes(8));
        assertThat(first.output()).anyMatch(l -> l.contains("topics 8 created"));
        assertThat(first.output()).as("the test's own --set keys are all known").noneMatch(l -> l.contains("Unknown"));

        Topics t = Topics.defaults();
        Duration flow = Duration.ofMinutes(4);
        await("every topic fills").atMost(flow).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Long> counts = recordCounts(List.of(t.transactions(), t.customerRisk(), t.fraudDashboard(),
                t.blockedCustomers(), t.fraudAlerts()));
            assertThat(counts).allSatisfy((topic, n) -> assertThat(n).as(topic).isPositive());
        });
        await("Elasticsearch indices fill").atMost(flow).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String index : List.of("customer_risk", "blocked_customers", "fraud_dashboard", "fraud_alerts")) {
                assertThat(getJson("http://127.0.0.1:" + esPort + "/" + index + "/_count").path("count").asLong())
                    .as(index).isPositive();
            }
        });
        await("web service lists blocked customers and received mails").atMost(flow)
            .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(getJson("http://127.0.0.1:" + webPort + "/get-blocked-customers").size()).isPositive();
                assertThat(getJson("http://127.0.0.1:" + webPort + "/api/mails").toString()).contains("ACC");
            });

        Running second = up();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(FraudWatch.CONFIG_ERROR);
        assertThat(String.join("\n", second.output())).contains("already running on data directory");

        long transactionsBefore = recordCounts(List.of(t.transactions())).get(t.transactions());
        first.process.destroy(); // SIGTERM, as a service manager stops it (FraudWatchStopIT: Ctrl-C in a terminal)
        assertThat(first.process.waitFor(FraudWatchStopIT.STOP_BOUND.toSeconds(), TimeUnit.SECONDS))
            .as("stopped within %s", FraudWatchStopIT.STOP_BOUND).isTrue();
        first.awaitLine("FraudWatch stopped.", Duration.ofSeconds(10));
        assertThat(first.process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        // in order: the indexer's last flush reaches Elasticsearch, stopped only after it
        assertThat(first.output()).noneMatch(l -> l.contains("Elasticsearch unavailable"))
            .noneMatch(l -> l.contains("writing a bulk failed"));
        assertThat(first.indexOf("stopped indexer")).isNotNegative()
            .isLessThan(first.indexOf("stopped Elasticsearch"));

        Running third = up();
        third.awaitLine("FraudWatch is up", Duration.ofMinutes(8));
        assertThat(third.output()).anyMatch(l -> l.contains("topics 0 created, 8 already there"));
        await("transactions flow again").atMost(flow).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(recordCounts(List.of(t.transactions())).get(t.transactions()))
                .isGreaterThan(transactionsBefore));

        // kill -9 mid-run: no hook runs, so the Elasticsearch node (a session of its own) outlives up, holding its
        // port and data; the next up on the same data must stop it and carry on
        List<ProcessHandle> node = elasticsearchProcesses();
        assertThat(node).as("the node's processes").isNotEmpty();
        third.process.destroyForcibly();
        assertThat(third.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node).as("the node outlives SIGKILL of up").allMatch(ProcessHandle::isAlive);

        Running fourth = up();
        fourth.awaitLine("FraudWatch is up", Duration.ofMinutes(8));
        assertThat(node).as("the node left behind is stopped").noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(dir.resolve("data/logs/fraudwatch.log")))
            .contains("left behind by FraudWatch process " + third.process.pid());
        await("the indexer writes into the new node").atMost(flow).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(getJson("http://127.0.0.1:" + esPort + "/customer_risk/_stats/indexing")
                .at("/_all/primaries/indexing/index_total").asLong()).isPositive());
        fourth.process.destroy();
        assertThat(fourth.process.waitFor(FraudWatchStopIT.STOP_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(fourth.process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(elasticsearchProcesses()).as("Elasticsearch processes left").isEmpty();
    }

    /** The node's processes: the launcher script's CLI JVM and the server JVM, both named with the data dir. */
    private List<ProcessHandle> elasticsearchProcesses() {
        String node = dir.resolve("data/elasticsearch").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().orElse("").contains(node)).toList();
    }

    @Test
    void ctrlCWhileStartingStopsWhatStartedWithoutReportingAFailure() throws Exception {
        Running r = up("--no-simulator");
        r.awaitLine("ready  Kafka broker", Duration.ofMinutes(4)); // Elasticsearch is still starting
        r.process.destroy(); // SIGTERM, as Ctrl-C would
        assertThat(r.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        r.awaitLine("FraudWatch stopped.", Duration.ofSeconds(10));
        // before: "fraudwatch: up failed: java.lang.IllegalStateException: Shutdown in progress"
        assertThat(r.output()).noneMatch(l -> l.contains("failed"));
        assertThat(r.output()).as("the test's own --set keys are all known").noneMatch(l -> l.contains("Unknown"));
        assertThat(r.output()).anyMatch(l -> l.contains("FraudWatch is up") || l.contains("FraudWatch stopping"));
        assertThat(dir.resolve("data/logs/fraudwatch.log")).as("the log under --data-dir").exists();
        String dataDir = dir.resolve("data").toString();
        await("no Elasticsearch process left").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(dataDir)).toList()).isEmpty());
    }

    private JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private Map<String, Long> recordCounts(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (String topic : topics) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
                counts.put(topic, parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum());
            }
            return counts;
        }
    }

    private static String logTail(Path dir) {
        Path log = dir.resolve("data/logs/fraudwatch.log");
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Running up(String... extra) throws IOException {
        Path jar = Path.of("target", "fraudwatch.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx1500m", "-jar", jar.toString(), "up",
            "--data-dir", dir.resolve("data").toString(), "--seed", "42",
            "--set", "kafka.embedded.port=" + kafkaPort, "--set", "kafka.embedded.controller.port=0",
            "--set", "elasticsearch.embedded.port=" + esPort, "--set", "web.port=" + webPort,
            "--set", "smtp.embedded.port=" + Ports.freePort(),
            "--set", "elasticsearch.embedded.start-timeout-seconds=400"));
        cmd.addAll(Components.testFlags());
        cmd.addAll(List.of(extra));
        Path out = Files.createTempFile(dir, "up", ".out");
        // Output to a file, as a terminal would keep it: the lines printed while stopping stay readable.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(out.toFile()).directory(dir.toFile());
        Process p = pb.start();
        processes.add(p);
        return new Running(p, out, dir);
    }

    private record Running(Process process, Path out, Path dir) {
        List<String> output() {
            try {
                return Files.readAllLines(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int indexOf(String text) {
            List<String> lines = output();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        void awaitLine(String text, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                boolean running = process.isAlive(); // before reading: an exit then leaves the output complete
                List<String> lines = output();
                if (!running && lines.stream().noneMatch(l -> l.contains(text))) { // fails now, not at the timeout
                    throw new IllegalStateException(String.format("up exited (code %d) without printing '%s':%n%s%n"
                        + "its log:%n%s", process.exitValue(), text, String.join("\n", lines), logTail(dir)));
                }
                assertThat(lines).as("output of fraudwatch up, then its log:%n%s", logTail(dir))
                    .anyMatch(l -> l.contains(text));
            });
        }
    }
}
