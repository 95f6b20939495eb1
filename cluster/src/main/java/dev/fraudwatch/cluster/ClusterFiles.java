package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The local cluster's footprint outside its processes: the pid file, busy ports, the children's log config. */
final class ClusterFiles {

    private ClusterFiles() {
    }

    /**
     * Stops the processes recorded in {@code clusterDir} by a cluster started elsewhere (another shell or a JVM
     * that was killed); returns the roles stopped.
     */
    static List<String> stopRecorded(Path clusterDir, Duration grace) {
        List<String> stopped = new ArrayList<>();
        ClusterState.read(clusterDir).ifPresent(state -> {
            List<ProcessHandle> handles = new ArrayList<>();
            for (ClusterState.Member m : state.processes()) {
                m.handle().ifPresent(h -> {
                    h.destroy();
                    handles.add(h);
                    stopped.add(m.role());
                });
            }
            for (ProcessHandle h : handles) {
                try {
                    h.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    h.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    h.destroyForcibly();
                }
            }
            ClusterState.delete(clusterDir);
        });
        return stopped;
    }

    static void refuseIfRunning(Path dir) {
        ClusterState.read(dir).ifPresent(state -> {
            if (state.processes().stream().anyMatch(m -> m.handle().isPresent())) {
                throw new ConfigException("A local cluster already runs from " + dir + " (Flink " + state.flinkRestUrl()
                    + ", Kafka " + state.bootstrapServers() + "); stop it first with: fraudwatch cluster stop");
            }
            ClusterState.delete(dir);
        });
    }

    static void requirePortsFree(ClusterConfig c) {
        Ports.requireFree(ClusterConfig.HOST, c.flinkRestPort(), "the local cluster's Flink REST API",
            "cluster.flink.rest-port");
        Ports.requireFree(ClusterConfig.HOST, c.flinkRpcPort(), "the local cluster's Flink JobManager",
            "cluster.flink.rpc-port");
        for (int p : c.kafkaPorts()) {
            Ports.requireFree(ClusterConfig.HOST, p, "a local cluster Kafka broker", "cluster.kafka.ports");
        }
        for (int p : c.kafkaControllerPorts()) {
            Ports.requireFree(ClusterConfig.HOST, p, "a local cluster Kafka controller",
                "cluster.kafka.controller-ports");
        }
    }

    /** One log4j2 configuration for every child: each writes to the file named by its {@code -Dlog.file}. */
    static Path writeLog4jConfig(Path file) {
        String text = String.join("\n",
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%t] %c - %m%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            // Kafka clients inside the job (TaskManagers) log every connection attempt to a dead broker at INFO.
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = WARN",
            "");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
