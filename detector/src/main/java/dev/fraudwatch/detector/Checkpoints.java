package dev.fraudwatch.detector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the checkpoint to resume from. Flink writes retained checkpoints as {@code <dir>/<job id>/chk-<n>/_metadata};
 * a MiniCluster (and a fresh submission) starts a new job id every time and never looks at older ones by itself,
 * so on start FraudWatch picks the newest complete checkpoint of any earlier run and passes it as the
 * state-recovery path.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final String METADATA = "_metadata";

    private Checkpoints() {
    }

    /** The newest complete checkpoint directory under {@code dir} (by its metadata's write time), if any. */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                .flatMap(Checkpoints::checkpointsOf)
                .filter(c -> Files.isRegularFile(c.resolve(METADATA)))
                .max(Comparator.comparingLong(Checkpoints::metadataTime).thenComparingLong(Checkpoints::number));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    /**
     * Deletes the checkpoint directories of earlier runs except the job directory holding {@code keep}, so that
     * restarts do not pile up job directories (Flink only cleans up the running job's own checkpoints).
     */
    public static void pruneOlderRuns(Path dir, Path keep) {
        Path keepJob = keep.getParent();
        try (Stream<Path> jobs = Files.list(dir)) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                if (!job.equals(keepJob)) {
                    deleteRecursively(job);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not prune old checkpoints in {}: {}", dir, e.getMessage());
        }
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            List<Path> list = s.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
            return list.stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long metadataTime(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA)).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static long number(Path checkpoint) {
        try {
            return Long.parseLong(checkpoint.getFileName().toString().substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
