package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What is sent to a Flink cluster to run the detection job: which jar, and the settings the job reads, as its
 * {@code key=value} program arguments (the job takes them as flag-level settings). Only what the job needs and
 * what differs from the shipped defaults travels: Kafka endpoints and topics, {@code detector.*}, {@code rules.*}.
 */
public final class JobSubmission {

    /** Setting prefixes whose non-default values the job needs. */
    private static final List<String> JOB_PREFIXES = List.of("detector.", "rules.");

    private JobSubmission() {
    }

    /**
     * @param parallelism   > 0: also the job's own {@code flink.parallelism}, which its main applies
     * @param checkpointDir used when {@code detector.checkpoint.dir} is not set; must be reachable by every
     *                      Flink process (shared storage), e.g. the local cluster's directory
     */
    public static List<String> programArgs(Settings s, KafkaSettings kafka, int parallelism,
                                           Optional<Path> checkpointDir) {
        Map<String, String> args = new TreeMap<>();
        args.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        args.put("kafka.partitions", String.valueOf(kafka.partitions()));
        args.put("kafka.replication.factor", String.valueOf(kafka.replicationFactor()));
        s.find("kafka.topic.suffix").ifPresent(v -> args.put("kafka.topic.suffix", v));
        // SASL/SSL pass-through. These are visible in Flink's web UI; a deployment with secrets can instead set
        // FW_KAFKA_CLIENT_* in the environment of the Flink processes, which the job reads too.
        kafka.clientProperties().forEach((k, v) -> args.put("kafka.client." + k, v));
        Settings defaults = Settings.of(Map.of());
        for (String prefix : JOB_PREFIXES) {
            Map<String, String> shipped = defaults.withPrefix(prefix);
            s.withPrefix(prefix).forEach((k, v) -> {
                if (!v.isBlank() && !v.equals(shipped.get(k))) {
                    args.put(prefix + k, v);
                }
            });
        }
        if (!args.containsKey("detector.checkpoint.dir")) {
            checkpointDir.ifPresent(d -> args.put("detector.checkpoint.dir", d.toAbsolutePath().toString()));
        }
        if (parallelism > 0) {
            args.put("flink.parallelism", String.valueOf(parallelism));
        }
        List<String> out = new ArrayList<>();
        args.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** Setting {@code cluster.job.jar}, else the detector module's build output under the current directory. */
    public static Path jobJar(Settings s) {
        Optional<String> configured = s.find("cluster.job.jar");
        if (configured.isPresent()) {
            Path p = Path.of(configured.get());
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("Job jar " + p + " (setting cluster.job.jar or --jar) does not exist.");
            }
            return p;
        }
        Path target = Path.of("detector", "target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                Optional<Path> jar = files
                    .filter(f -> f.getFileName().toString().matches("fraudwatch-detector-.*-job\\.jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
        throw new ConfigException("No job jar: build it with 'mvn -pl detector -am package -DskipTests' (it becomes "
            + "detector/target/fraudwatch-detector-<version>-job.jar), or give its path with --jar or setting "
            + "cluster.job.jar.");
    }

    /**
     * The checkpoint directory of the local cluster recorded under {@code <data.dir>/cluster}, when that cluster is
     * the one at {@code flinkRestUrl}: jobs submitted to it then keep checkpoints next to its other data.
     */
    public static Optional<Path> localClusterCheckpoints(Settings s, String flinkRestUrl) {
        Path dir = Path.of(s.get("data.dir")).resolve("cluster");
        return ClusterState.read(dir).filter(st -> st.flinkRestUrl().equals(stripSlash(flinkRestUrl)))
            .map(st -> dir.resolve("flink").resolve("checkpoints").toAbsolutePath());
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
