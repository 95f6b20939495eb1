package dev.fraudwatch.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the local cluster (a broker, the JobManager or a TaskManager): its command, its log file, and the
 * running {@link Process}. Restartable with the same command, so a killed broker comes back with its data.
 */
final class ChildProcess {

    /**
     * For six JVMs on a small shared machine: the serial collector (no parallel GC threads) and the C1 compiler
     * only, which starts a JVM with far less CPU; a test cluster needs fast starts more than peak throughput.
     */
    static final List<String> SMALL_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String role;
    private final String mainClass;
    private final List<String> command;
    private final Path workDir;
    private final Path outFile;
    private volatile Process process;

    /**
     * @param role    e.g. {@code kafka-0}, {@code jobmanager}, {@code taskmanager-1}
     * @param outFile where the process's stdout and stderr go (appended: a restart keeps the earlier output)
     */
    ChildProcess(String role, String mainClass, List<String> command, Path workDir, Path outFile) {
        this.role = role;
        this.mainClass = mainClass;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.outFile = outFile;
    }

    /**
     * A system property naming the process's role, placed first on its command line: the kernel shows only the
     * first 4 KB of a command line, where a long classpath hides the main class.
     */
    static String memberFlag(String role) {
        return "-Dfraudwatch.cluster.member=" + role;
    }

    /** The java launcher of this JVM, so the children run on the same Java as FraudWatch. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void start() {
        try {
            Files.createDirectories(outFile.getParent());
            process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    String role() {
        return role;
    }

    String mainClass() {
        return mainClass;
    }

    Path outFile() {
        return outFile;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** SIGKILL, as a crash would: no shutdown hooks, no controlled shutdown. Waits until the process is gone. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM: asks for an orderly shutdown without waiting. */
    void terminate() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    /** Waits up to {@code timeout} for the process to end; SIGKILLs it when it has not. */
    void awaitExitOrKill(Duration timeout) {
        Process p = process;
        if (p != null && !awaitExit(p, timeout)) {
            kill();
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the process's output, for error messages when it died during start. */
    String outputTail(int lines) {
        try {
            if (!Files.exists(outFile)) {
                return "";
            }
            List<String> all = Files.readAllLines(outFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), new ArrayList<>(all.subList(Math.max(0, all.size() - lines),
                all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + outFile + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return role + " (pid " + pid() + ")";
    }
}
