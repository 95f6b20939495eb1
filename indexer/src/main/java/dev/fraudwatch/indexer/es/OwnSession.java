package dev.fraudwatch.indexer.es;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts the Elasticsearch node in a session (and so a process group) of its own, through util-linux's
 * {@code setsid}. In a terminal, Ctrl-C sends SIGINT to the whole foreground process group: FraudWatch's JVM then
 * stops everything in order, Elasticsearch last, but a node in that group would get the SIGINT too and stop at once,
 * while the indexer still flushes to it. Without {@code setsid} on the {@code PATH} the node starts as before.
 *
 * <p>{@code setsid} calls setsid(2) and execs the command in place when its caller is not a process-group leader;
 * a child that Java starts never is (it stays in Java's group), so the {@link Process} remains the node's launcher
 * and its descendants are the node's processes. Should it lead a group nonetheless, {@code setsid} forks; with
 * {@code --wait} it then waits for the command and exits with its code, so the {@link Process} still lives exactly
 * as long as the node and has it among its descendants.
 */
final class OwnSession {

    private static final List<String> PREFIX = find(System.getenv("PATH"))
        .map(setsid -> List.of(setsid.toString(), "--wait")).orElse(List.of());

    private OwnSession() {
    }

    /** {@code setsid --wait}, or nothing when {@code setsid} is not installed. */
    static List<String> commandPrefix() {
        return PREFIX;
    }

    static Optional<Path> find(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isBlank())
            .map(d -> Path.of(d, "setsid")).filter(Files::isExecutable).findFirst();
    }
}
