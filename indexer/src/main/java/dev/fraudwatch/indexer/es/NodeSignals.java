package dev.fraudwatch.indexer.es;

import java.util.List;

/**
 * Starts the Elasticsearch node with SIGINT ignored. In a terminal, Ctrl-C sends SIGINT to the whole foreground
 * process group: FraudWatch's JVM then stops everything in order, Elasticsearch last, but a node that took the
 * SIGINT itself would stop at once, while the indexer still flushes to it. An ignored signal stays ignored across
 * exec(2), and a JVM started with SIGINT ignored keeps it so (it installs no handler of its own then), so the
 * distribution's launcher script, its CLI JVM and the server JVM that the CLI starts all ignore it. The node is still
 * stopped by FraudWatch, with SIGTERM.
 *
 * <p>Why not a session of its own ({@code setsid}, used 2026-12-02 to 12-03): on kernels with autogroup scheduling
 * (most distributions: {@code /proc/sys/kernel/sched_autogroup_enabled}), the scheduler shares the CPU between
 * sessions first and between threads only within a session, so the node and FraudWatch would compete as two equal
 * groups rather than thread by thread. On 2026-12-03 (a day the machine ran about 30 % slower per unit of work than
 * the day before) two {@code fraudwatch bench} runs with {@code setsid} held 7,500 and 3,000 tx/s, and one run with
 * autogroup switched off 15,000 and one with this class 10,000: noisy, but all worse with the node in a session of
 * its own. Ignoring the signal keeps the node in FraudWatch's session and process group; Ctrl-Z then suspends both
 * and {@code fg} resumes both.
 *
 * <p>{@code sh -c 'trap "" INT; exec "$0" "$@"' command args...} sets the disposition and execs in place, so the
 * {@link Process} remains the node's launcher and its descendants are the node's processes.
 */
final class NodeSignals {

    private static final List<String> PREFIX = List.of("/bin/sh", "-c", "trap '' INT; exec \"$0\" \"$@\"");

    private NodeSignals() {
    }

    /** The command prefix that starts what follows it with SIGINT ignored. */
    static List<String> commandPrefix() {
        return PREFIX;
    }
}
