package dev.fraudwatch.indexer.es;

import java.util.List;

/**
 * Starts the Elasticsearch node with SIGINT and SIGHUP ignored. In a terminal, Ctrl-C sends SIGINT (and closing the
 * terminal SIGHUP) to the whole foreground process group: FraudWatch's JVM then stops everything in order,
 * Elasticsearch last, but a node that took the signal itself would stop at once, while the indexer still flushes to
 * it. An ignored signal stays ignored across exec(2), and a JVM started with it ignored keeps it so (it installs no
 * handler of its own then), so the distribution's launcher script, its CLI JVM and the server JVM that the CLI starts
 * all ignore it. The node is still stopped by FraudWatch, with SIGTERM.
 *
 * <p>From 2026-12-02 to 12-03 the node ran in a session of its own ({@code setsid}) instead. This keeps it in
 * FraudWatch's session, process group and, on kernels with autogroup scheduling (most distributions:
 * {@code /proc/sys/kernel/sched_autogroup_enabled}, which share the CPU between sessions first), scheduling group, as
 * it was for every bench run before 2026-12-02 evening. Which arrangement runs faster on two cores was not settled:
 * on 2026-12-03, a noisy day, two bench runs with {@code setsid} held 7,500 and 3,000 tx/s with a decision p99 at
 * 5,000 tx/s of 76 and 110 ms, two with this 10,000 and 7,500 tx/s with 782 and 451 ms, one with autogroup switched
 * off 15,000 tx/s and 65 ms. It needs no util-linux, and Ctrl-Z suspends the node with FraudWatch and {@code fg}
 * resumes both.
 *
 * <p>{@code sh -c 'trap "" INT HUP; exec "$0" "$@"' command args...} sets the dispositions and execs in place, so the
 * {@link Process} remains the node's launcher and its descendants are the node's processes.
 */
final class NodeSignals {

    private static final List<String> PREFIX = List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$0\" \"$@\"");

    private NodeSignals() {
    }

    /** The command prefix that starts what follows it with SIGINT and SIGHUP ignored. */
    static List<String> commandPrefix() {
        return PREFIX;
    }
}
