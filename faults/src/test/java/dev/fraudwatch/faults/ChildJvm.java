package dev.fraudwatch.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child JVM on this test's class path (the whole product is on it), its output in a file: something the test can
 * SIGKILL ({@link #kill()}) and start again on the same data.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path out;

    private ChildJvm(String name, Process process, Path out) {
        this.name = name;
        this.process = process;
        this.out = out;
    }

    static ChildJvm start(String name, Path workDir, String heap, String mainClass, List<String> args)
        throws IOException {
        Path logDir = workDir.resolve("logs-" + name);
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap, "-Dfraudwatch.log.dir=" + logDir, "-cp", classPath(), mainClass));
        cmd.addAll(args);
        Path out = Files.createTempFile(workDir, name + "-", ".out");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        return new ChildJvm(name, p, out);
    }

    /**
     * The class path of this test JVM: failsafe is configured without a manifest-only jar, so
     * {@code java.class.path} lists every jar and classes directory.
     */
    static String classPath() {
        String cp = System.getProperty("java.class.path");
        assertThat(cp).as("test class path (failsafe useManifestOnlyJar=false)").contains("kafka_2.13");
        return cp;
    }

    List<String> output() {
        try {
            return Files.readAllLines(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitLine(String text, Duration timeout) {
        await(name + " prints '" + text + "'").atMost(timeout).pollInterval(Duration.ofMillis(300))
            .untilAsserted(() -> {
                assertThat(process.isAlive() || output().stream().anyMatch(l -> l.contains(text)))
                    .as("%s exited early:%n%s", name, String.join("\n", output())).isTrue();
                assertThat(output()).as(name).anyMatch(l -> l.contains(text));
            });
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no flush, nothing closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " killed").isTrue();
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
