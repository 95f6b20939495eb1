package dev.fraudwatch.cluster;

import dev.fraudwatch.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a running local cluster leaves on disk ({@code <cluster dir>/cluster.json}): its endpoints and the pid of
 * every process, so {@code fraudwatch cluster stop} and {@code status} work from another shell.
 */
public record ClusterState(String flinkRestUrl, String bootstrapServers, List<Member> processes) {

    static final String FILE = "cluster.json";

    public ClusterState {
        processes = List.copyOf(processes);
    }

    /**
     * One process. A pid can be recycled: a process is only ours when its command line still carries the
     * member flag with its role.
     */
    public record Member(String role, long pid, String mainClass) {

        public Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(ChildProcess.memberFlag(role) + " "))
                    .orElse(false));
        }
    }

    static Optional<ClusterState> read(Path clusterDir) {
        Path f = clusterDir.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), ClusterState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + " (delete it if no cluster runs): " + e.getMessage(),
                e);
        }
    }

    /** Written atomically: a concurrent {@code status} never reads half a file. */
    void write(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
            Path tmp = clusterDir.resolve(FILE + ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(tmp, clusterDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + clusterDir.resolve(FILE), e);
        }
    }

    static void delete(Path clusterDir) {
        try {
            Files.deleteIfExists(clusterDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + clusterDir.resolve(FILE), e);
        }
    }
}
