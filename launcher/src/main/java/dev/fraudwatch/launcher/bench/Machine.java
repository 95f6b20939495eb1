package dev.fraudwatch.launcher.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: printed and written with them, since they mean nothing without it. */
record Machine(int cores, double memoryGiB, String cpu, String java, double loadAverageStart, double loadAverageEnd) {

    static Machine now() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
            cpuModel(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            loadAverage(), Double.NaN);
    }

    Machine withEndLoad() {
        return new Machine(cores, memoryGiB, cpu, java, loadAverageStart, loadAverage());
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
