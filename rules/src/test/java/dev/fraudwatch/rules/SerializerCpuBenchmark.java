package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * CPU cost, in thread CPU time, of (a) writing state keys into a checkpoint-like stream, {@link StringSerializer}
 * against {@link BulkStringSerializer}, and (b) sending {@link AccountInput}s over the network (serialise into a
 * buffer, read back), Flink's POJO serialiser against {@link AccountInputSerializer}. Companion of
 * {@link HistorySnapshotBenchmark}; not a test: run by hand, {@code [records, default 100000] [rounds, default 8]}.
 */
public final class SerializerCpuBenchmark {

    private SerializerCpuBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String[] keys = new String[n];
        AccountInput[] inputs = new AccountInput[n];
        List<String> devices = List.of("Smartphone (Mobile Banking App)", "Laptop (Web Browser)",
            "Tablet (Mobile Banking App)");
        for (int i = 0; i < n; i++) {
            keys[i] = String.format(Locale.ROOT, "ACC%010d", i * 7919L % 10_000_000_000L);
            Transaction t = TransactionBuilder.transaction().accountNumber(keys[i])
                .transactionId(String.format(Locale.ROOT, "TRN%011d", i)).amount(100 + i % 900 + 0.25)
                .device(devices.get(i % 3)).ipAddress("192.168." + (i % 250) + "." + (i % 7))
                .time(String.format(Locale.ROOT, "2025-03-01 12:%02d:%02d.%06d", i / 60 % 60, i % 60, i % 999_999))
                .build();
            inputs[i] = AccountInput.of(t);
        }
        TypeSerializer<AccountInput> pojo =
            TypeInformation.of(AccountInput.class).createSerializer(new SerializerConfigImpl());
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
                report(round, "keys " + s.getClass().getSimpleName(), n, cpu.getCurrentThreadCpuTime() - t0);
            }
            for (TypeSerializer<AccountInput> s : List.of(pojo, AccountInputSerializer.INSTANCE)) {
                DataOutputSerializer out = new DataOutputSerializer(4096);
                DataInputDeserializer in = new DataInputDeserializer();
                long checksum = 0;
                long t0 = cpu.getCurrentThreadCpuTime();
                for (AccountInput a : inputs) {
                    out.clear();
                    s.serialize(a, out);
                    in.setBuffer(out.getSharedBuffer(), 0, out.length());
                    checksum += s.deserialize(in).transaction.transactionId().length();
                }
                report(round, "network " + (s == pojo ? "pojo" : "AccountInputSerializer") + " (" + checksum + ")",
                    n, cpu.getCurrentThreadCpuTime() - t0);
            }
        }
    }

    private static void report(int round, String what, int n, long cpuNanos) {
        System.out.printf(Locale.ROOT, "round %d %-45s %.1f ms CPU, %.0f ns each%n", round, what, cpuNanos / 1e6,
            (double) cpuNanos / n);
    }
}
