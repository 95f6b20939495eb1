package dev.fraudwatch.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the real {@code fraudwatch} jar as a user would, in child processes: {@code up} comes up, a second {@code up}
 * on the same data is refused, Ctrl-C (SIGTERM) stops it cleanly, and the next {@code up} finds the earlier data.
 */
class FraudWatchUpIT {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void upRefusesASecondUpOnTheSameDataAndKeepsDataAcrossRestarts() throws Exception {
        Running first = up();
        first.awaitLine("FraudWatch is up", Duration.ofSeconds(120));
        assertThat(first.output()).anyMatch(l -> l.contains("topics 8 created"));

        Running second = up();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(FraudWatch.CONFIG_ERROR);
        assertThat(String.join("\n", second.output())).contains("already running on data directory");

        first.process.destroy(); // SIGTERM, as Ctrl-C would
        assertThat(first.process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        first.awaitLine("FraudWatch stopped.", Duration.ofSeconds(10));
        assertThat(first.process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);

        Running third = up();
        third.awaitLine("FraudWatch is up", Duration.ofSeconds(120));
        assertThat(third.output()).anyMatch(l -> l.contains("topics 0 created, 8 already there"));
        third.process.destroy();
        assertThat(third.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
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

    private Running up() throws IOException {
        Path jar = Path.of("target", "fraudwatch.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx1g", "-jar", jar.toString(), "up",
            "--data-dir", dir.resolve("data").toString(), "--no-simulator",
            "--set", "kafka.embedded.port=0", "--set", "kafka.embedded.controller.port=0"));
        cmd.addAll(Components.testFlags());
        Path out = Files.createTempFile(dir, "up", ".out");
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

        void awaitLine(String text, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(output()).as("output of fraudwatch up, then its log:%n%s", logTail(dir))
                    .anyMatch(l -> l.contains(text)));
        }
    }
}
