package dev.fraudwatch.rules;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * CPU cost, in thread CPU time, of writing state keys (account numbers) into a checkpoint-like stream,
 * {@link StringSerializer} against {@link BulkStringSerializer}; the stream is {@link HistorySnapshotBenchmark}'s.
 * Not a test: run by hand, {@code [keys, default 100000] [rounds, default 8]}.
 */
public final class KeySnapshotBenchmark {

    private KeySnapshotBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = String.format(Locale.ROOT, "ACC%010d", i * 7919L % 10_000_000_000L);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            for (TypeSerializer<String> s : List.<TypeSerializer<String>>of(StringSerializer.INSTANCE,
                    BulkStringSerializer.INSTANCE)) {
                var stream = new HistorySnapshotBenchmark.CheckpointLikeStream();
                DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(stream);
                long t0 = cpu.getCurrentThreadCpuTime();
                for (String k : keys) {
                    s.serialize(k, out);
                }
                long nanos = cpu.getCurrentThreadCpuTime() - t0;
                System.out.printf(Locale.ROOT, "round %d %-20s %d keys, %.1f ms CPU, %.0f ns each%n",
                    round, s.getClass().getSimpleName(), n, nanos / 1e6,
                    (double) nanos / n);
            }
        }
    }
}
