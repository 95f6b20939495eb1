package dev.fraudwatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C in a terminal, for real: the jar's {@code up} runs as the leader of a process group of its own (as a shell
 * runs a foreground job), the simulator keeps the indexer writing, and SIGINT goes to the whole group. Everything
 * must stop in order within seconds: the indexer before the Elasticsearch node, which neither the terminal's
 * SIGINT (its processes ignore it) nor the node's own shutdown hook may stop first (the indexer then retried into
 * a dead node for 30 s).
 * {@link FraudWatchUpIT} covers SIGTERM to the JVM alone.
 */
class FraudWatchStopIT {

    /** The stop took about 35 s when the node stopped first; in order it takes a few. */
    static final Duration STOP_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final int esPort = Ports.freePort();

    @BeforeEach
    void openUpTempDir() throws IOException {
        // when the tests run as root, Elasticsearch runs as an unprivileged user that must reach its data here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void killLeftovers() {
        processes.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void ctrlCInATerminalStopsTheIndexerBeforeElasticsearchWithinSeconds() throws Exception {
        Path setsid = Path.of("/usr/bin/setsid");
        assumeThat(Files.isExecutable(setsid)).as("util-linux setsid, to run up in a process group of its own")
            .isTrue();
        Path out = Files.createTempFile(dir, "up", ".out");
        List<String> cmd = new ArrayList<>(List.of(setsid.toString(), "--wait",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m", "-jar",
            jar().toString(), "up", "--data-dir", dataDir().toString(), "--rate", "200", "--seed", "7",
            "--set", "kafka.embedded.port=" + Ports.freePort(), "--set", "kafka.embedded.controller.port=0",
            "--set", "elasticsearch.embedded.port=" + esPort, "--set", "web.port=" + Ports.freePort(),
            "--set", "smtp.embedded.port=" + Ports.freePort(),
            "--set", "elasticsearch.embedded.start-timeout-seconds=400"));
        cmd.addAll(Components.testFlags());
        Process up = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
            .directory(dir.toFile()).start();
        processes.add(up);
        // setsid execs in place (a child of this JVM leads no group): the up JVM leads its own group
        long group = up.pid();
        await("up leads its process group").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(processGroup(group)).isEqualTo(group));

        // A process started in the background of a non-interactive shell (`cmd &` in a script) ignores SIGINT, and
        // so do its children, this up included: no terminal would deliver a Ctrl-C to it, and the JVM keeps the
        // inherited disposition. Such a run cannot test Ctrl-C (it found up deaf to SIGINT, on 2026-12-03).
        assumeThat(ignoresSigint(up.pid())).as("up was started with SIGINT ignored (inherited from a background "
            + "job of a non-interactive shell); run the tests in the foreground to test Ctrl-C").isFalse();
        awaitLine(up, out, "FraudWatch is up", Duration.ofMinutes(8));
        await("the indexer writes to Elasticsearch").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(count("customer_risk")).isPositive());
        List<ProcessHandle> node = elasticsearchProcesses();
        assertThat(node).as("the Elasticsearch node's processes").isNotEmpty();
        // the SIGINT reaches the node's processes too (they stay in up's process group and session, see
        // NodeSignals), and they ignore it
        assertThat(node).as("the node's processes ignore SIGINT").allMatch(h -> ignoresSigint(h.pid()));

        long t0 = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + group).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT -" + group).isTrue();
        boolean exited = up.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> lines = Files.readAllLines(out);
        String output = String.join("\n", lines);
        assertThat(exited).as("up stopped within %s after Ctrl-C; output:%n%s", STOP_BOUND, output).isTrue();
        System.out.printf("up stopped %.1f s after SIGINT to its process group%n", seconds);

        assertThat(up.exitValue()).as("exit code after SIGINT (128 + 2, as a shell reports it)").isEqualTo(130);
        assertThat(lines).as(output).contains("FraudWatch stopped.");
        String log = Files.readString(dataDir().resolve("logs/fraudwatch.log"));
        for (String text : List.of("Elasticsearch unavailable", "writing a bulk failed")) {
            assertThat(output).as("output").doesNotContain(text);
            assertThat(log).as("fraudwatch.log").doesNotContain(text);
        }
        assertThat(indexOf(lines, "stopped indexer")).as(output).isNotNegative()
            .isLessThan(indexOf(lines, "stopped Elasticsearch"));
        assertThat(elasticsearchProcesses()).as("Elasticsearch processes left").isEmpty();
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static Path jar() {
        Path jar = Path.of("target", "fraudwatch.jar").toAbsolutePath();
        assertThat(jar).exists();
        return jar;
    }

    /** The node's processes: the launcher script's CLI JVM and the server JVM, both named with the data dir. */
    private List<ProcessHandle> elasticsearchProcesses() {
        String data = dataDir().resolve("elasticsearch").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().orElse("").contains(data)).toList();
    }

    /** Bit 2 (SIGINT) of the SigIgn mask in /proc/PID/status. */
    private static boolean ignoresSigint(long pid) {
        try {
            String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
            return (new java.math.BigInteger(mask, 16).longValue() & (1L << 1)) != 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Field 5 of /proc/PID/stat; the command name before it is in parentheses and may hold spaces. */
    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private long count(String index) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + esPort + "/" + index + "/_count")).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.MAPPER.readTree(r.body());
        return r.statusCode() == 200 ? body.path("count").asLong() : 0;
    }

    private static void awaitLine(Process up, Path out, String text, Duration timeout) {
        await("up prints '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            boolean running = up.isAlive(); // before reading: an exit then leaves the output complete
            List<String> lines = Files.readAllLines(out);
            if (!running && lines.stream().noneMatch(l -> l.contains(text))) { // fails now, not at the timeout
                throw new IllegalStateException("up exited early:\n" + String.join("\n", lines));
            }
            assertThat(lines).as("output of up").anyMatch(l -> l.contains(text));
        });
    }
}
