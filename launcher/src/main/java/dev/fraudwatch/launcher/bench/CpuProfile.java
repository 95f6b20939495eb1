package dev.fraudwatch.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the CPU goes while a phase runs: CPU time of every thread of this JVM between two snapshots, grouped by
 * thread name (a Flink subtask's {@code (1/2)#0} suffix dropped, other digits as {@code N}), the JVM's own GC, JIT and
 * VM threads (read from {@code /proc/self/task}, since they are no Java threads), and the child processes
 * (the Elasticsearch node) as a whole. Everything shares this JVM, so a thread's name is the only way to tell the
 * Kafka broker, the Flink tasks, the indexer, the alert engine and the benchmark's own load apart.
 */
final class CpuProfile {

    /** Cumulative CPU nanoseconds per thread (Java thread id, or {@code task-<tid>}) with each one's group. */
    record Snapshot(long nanos, Map<String, Long> cpu, Map<String, String> group) {
    }

    private static final Pattern SUBTASK = Pattern.compile("\\s*\\(\\d+/\\d+\\)(#\\d+)?$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuProfile() {
    }

    static Snapshot snapshot() {
        long now = System.nanoTime();
        Map<String, Long> cpu = new HashMap<>();
        Map<String, String> group = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long t = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] != null && t >= 0) {
                cpu.put("java-" + ids[i], t);
                group.put("java-" + ids[i], javaGroup(infos[i].getThreadName()));
            }
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String[] stat = stat(task.resolve("stat"));
                String g = stat == null ? null : nativeGroup(stat[0]);
                if (g != null) {
                    cpu.put("task-" + task.getFileName(), ticks(stat));
                    group.put("task-" + task.getFileName(), g);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): Java threads only
        }
        ProcessHandle.current().descendants().forEach(h -> {
            String[] stat = stat(Path.of("/proc", Long.toString(h.pid()), "stat"));
            if (stat != null) {
                cpu.put("child-" + h.pid(), ticks(stat));
                group.put("child-" + h.pid(), "child process " + stat[0] + " (Elasticsearch)");
            }
        });
        return new Snapshot(now, cpu, group);
    }

    /**
     * Cores used per group between {@code a} and {@code b} (CPU seconds per wall-clock second), largest first; a
     * thread that started in between counts from zero, one that ended in between is missing.
     */
    static Map<String, Double> coresBetween(Snapshot a, Snapshot b) {
        double wall = (b.nanos() - a.nanos()) / 1e9;
        Map<String, Double> sums = new HashMap<>();
        b.cpu().forEach((id, t) -> {
            long d = t - a.cpu().getOrDefault(id, 0L);
            if (d > 0) {
                sums.merge(b.group().get(id), d / 1e9 / wall, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
        return sorted;
    }

    /** The {@code top} groups and the rest summed, one per line, for the console. */
    static List<String> lines(Map<String, Double> cores, int top) {
        List<String> lines = new java.util.ArrayList<>();
        double total = cores.values().stream().mapToDouble(Double::doubleValue).sum();
        lines.add(String.format(java.util.Locale.ROOT, "    CPU %.2f cores in all, by thread group:", total));
        int n = 0;
        double rest = 0;
        for (Map.Entry<String, Double> e : cores.entrySet()) {
            if (n++ < top) {
                String name = e.getKey().length() > 90 ? e.getKey().substring(0, 87) + "..." : e.getKey();
                lines.add(String.format(java.util.Locale.ROOT, "      %5.2f  %s", e.getValue(), name));
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            lines.add(String.format(java.util.Locale.ROOT, "      %5.2f  (%d other groups)", rest, n - top));
        }
        return lines;
    }

    static String javaGroup(String threadName) {
        String name = threadName == null ? "?" : threadName;
        if (SUBTASK.matcher(name).find()) {
            return "Flink task: " + SUBTASK.matcher(name).replaceAll("");
        }
        return DIGITS.matcher(name).replaceAll("N");
    }

    /** The JVM's own threads, which the Java thread list does not show; null for every other task. */
    static String nativeGroup(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "JVM: garbage collector";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "JVM: JIT compiler";
        }
        if (comm.startsWith("VM ")) {
            return "JVM: VM thread";
        }
        return null;
    }

    /** {@code [comm, fields after comm...]} of a /proc stat file, or null when it is gone. */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ");
            String[] out = new String[rest.length + 1];
            out[0] = s.substring(open + 1, close);
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime (fields 14 and 15 of stat; here 12 and 13 after comm, state at 1) in nanoseconds. */
    private static long ticks(String[] stat) {
        return (Long.parseLong(stat[12]) + Long.parseLong(stat[13])) * NANOS_PER_TICK;
    }
}
