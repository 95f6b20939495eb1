package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape of the local multi-process test cluster: where it keeps its data, its ports and sizes. Built once from
 * {@link Settings} ({@code cluster.*}, {@code data.dir}) or, for tests, with free ports.
 *
 * @param dir                 everything of the cluster lives here: configs, Kafka logs, checkpoints, process logs
 * @param kafkaPorts          one client port per broker; the broker count is their number
 * @param kafkaControllerPorts one KRaft controller port per broker
 */
public record ClusterConfig(Path dir, int flinkRestPort, int flinkRpcPort, int taskManagers, int slotsPerTaskManager,
                            String jobManagerMemory, String taskManagerMemory, List<Integer> kafkaPorts,
                            List<Integer> kafkaControllerPorts, String kafkaHeap, int partitions,
                            Duration startTimeout) {

    /** The cluster only ever listens on loopback: it is a test and try-out cluster, not a deployment. */
    public static final String HOST = "127.0.0.1";

    public ClusterConfig {
        kafkaPorts = List.copyOf(kafkaPorts);
        kafkaControllerPorts = List.copyOf(kafkaControllerPorts);
        if (kafkaPorts.isEmpty()) {
            throw new ConfigException("Setting 'cluster.kafka.ports' must list at least one port.");
        }
        if (kafkaPorts.size() != kafkaControllerPorts.size()) {
            throw new ConfigException("Settings 'cluster.kafka.ports' and 'cluster.kafka.controller-ports' must list "
                + "as many ports each (one per broker), got " + kafkaPorts.size() + " and "
                + kafkaControllerPorts.size() + ".");
        }
        if (taskManagers < 1 || slotsPerTaskManager < 1) {
            throw new ConfigException("Settings 'cluster.flink.taskmanagers' and "
                + "'cluster.flink.slots-per-taskmanager' must be at least 1.");
        }
    }

    public static ClusterConfig from(Settings s) {
        return new ClusterConfig(Path.of(s.get("data.dir")).resolve("cluster"),
            s.getInt("cluster.flink.rest-port"), s.getInt("cluster.flink.rpc-port"),
            s.getInt("cluster.flink.taskmanagers"), s.getInt("cluster.flink.slots-per-taskmanager"),
            s.get("cluster.flink.jobmanager.memory"), s.get("cluster.flink.taskmanager.memory"),
            ports(s, "cluster.kafka.ports"), ports(s, "cluster.kafka.controller-ports"), s.get("cluster.kafka.heap"),
            s.getInt("cluster.kafka.partitions"), Duration.ofSeconds(s.getInt("cluster.start-timeout-seconds")));
    }

    /** The documented defaults with every port replaced by a free one: for tests next to other clusters. */
    public static ClusterConfig withFreePorts(Path dir, int brokers) {
        ClusterConfig d = from(Settings.of(java.util.Map.of("data.dir", dir.toString())));
        List<Integer> free = distinctFreePorts(2 + 2 * brokers);
        return new ClusterConfig(dir, free.get(0), free.get(1), d.taskManagers(), d.slotsPerTaskManager(),
            d.jobManagerMemory(), d.taskManagerMemory(), free.subList(2, 2 + brokers), free.subList(2 + brokers,
            2 + 2 * brokers), d.kafkaHeap(), d.partitions(), d.startTimeout());
    }

    public int brokers() {
        return kafkaPorts.size();
    }

    /** Replication factor of FraudWatch's topics and Kafka's internal ones: 3, or fewer when fewer brokers. */
    public short replicationFactor() {
        return (short) Math.min(3, brokers());
    }

    /** With 3 replicas a write needs 2 in sync: one broker may die without losing an acknowledged record. */
    public int minInsyncReplicas() {
        return replicationFactor() >= 3 ? 2 : 1;
    }

    public String flinkRestUrl() {
        return "http://" + HOST + ":" + flinkRestPort;
    }

    public String bootstrapServers() {
        return String.join(",", kafkaPorts.stream().map(p -> HOST + ":" + p).toList());
    }

    public ClusterConfig withDir(Path newDir) {
        return new ClusterConfig(newDir, flinkRestPort, flinkRpcPort, taskManagers, slotsPerTaskManager,
            jobManagerMemory, taskManagerMemory, kafkaPorts, kafkaControllerPorts, kafkaHeap, partitions, startTimeout);
    }

    private static List<Integer> ports(Settings s, String key) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.get(key).split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException("Setting '" + key + "' must be a comma-separated list of ports, got '"
                    + s.get(key) + "'.");
            }
        }
        return out;
    }

    private static List<Integer> distinctFreePorts(int n) {
        java.util.Set<Integer> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            out.add(Ports.freePort());
        }
        return List.copyOf(out);
    }
}
