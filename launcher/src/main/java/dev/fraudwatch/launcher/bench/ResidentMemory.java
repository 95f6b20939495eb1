package dev.fraudwatch.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples resident memory (VmRSS) every half second: this JVM (Kafka broker, Flink MiniCluster, indexer, alert
 * engine, SMTP server, web service and the benchmark's own clients all share it, so they cannot be told apart)
 * and its child processes (the Elasticsearch node). Keeps the current and the peak of each and of the total.
 */
final class ResidentMemory implements AutoCloseable {

    record Figures(double jvmPeakMiB, double elasticsearchPeakMiB, double totalPeakMiB, double jvmNowMiB,
                   double elasticsearchNowMiB) {
    }

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long jvmNow;
    private volatile long esNow;
    private volatile long jvmPeak;
    private volatile long esPeak;
    private volatile long totalPeak;

    ResidentMemory() {
        sample();
        thread = new Thread(this::loop, "bench-rss");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long jvm = rssKiB(ProcessHandle.current().pid());
        long es = ProcessHandle.current().descendants().mapToLong(h -> rssKiB(h.pid())).sum();
        jvmNow = jvm;
        esNow = es;
        jvmPeak = Math.max(jvmPeak, jvm);
        esPeak = Math.max(esPeak, es);
        totalPeak = Math.max(totalPeak, jvm + es);
    }

    /** The figures so far; sampling goes on. */
    synchronized Figures figures() {
        return new Figures(jvmPeak / 1024.0, esPeak / 1024.0, totalPeak / 1024.0, jvmNow / 1024.0, esNow / 1024.0);
    }

    /** VmRSS of a process in KiB from /proc/PID/status; 0 when it is gone or unreadable. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading, or no /proc (not Linux): counted as 0
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
