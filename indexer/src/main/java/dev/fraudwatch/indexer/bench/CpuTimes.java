package dev.fraudwatch.indexer.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * CPU time used so far by this JVM (broker, indexer, benchmark) and by its child processes (the embedded
 * Elasticsearch node and its launcher), so a benchmark can say what each side costs per document; on a shared
 * machine that moves much less than a rate does.
 */
record CpuTimes(long selfNanos, long childrenNanos) {

    static CpuTimes now() {
        long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
        long children = ProcessHandle.current().descendants()
            .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new CpuTimes(self, children);
    }

    /** The CPU used since {@code start} over {@code docs} documents and {@code seconds}, as one line. */
    String since(CpuTimes start, long docs, double seconds) {
        double es = (childrenNanos - start.childrenNanos) / 1e9;
        double self = (selfNanos - start.selfNanos) / 1e9;
        return String.format(Locale.ROOT, "CPU over the same window: Elasticsearch (child processes) %.1f s = %.1f us "
            + "per document (%.2f cores); this JVM (broker, indexer, benchmark) %.1f s = %.1f us per document "
            + "(%.2f cores)", es, es * 1e6 / docs, es / seconds, self, self * 1e6 / docs, self / seconds);
    }
}
