package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * CPU cost of writing account histories into a checkpoint stream, POJO serialiser against
 * {@link AccountHistorySerializer}, measured in thread CPU time (so a busy machine changes little). The stream
 * mimics Flink's file checkpoint stream: a 4 KB buffer behind a {@code DataOutputStream}, as the heap backend's
 * full snapshot writes it. Not a test: run by hand, {@code [accounts, default 50000] [rounds, default 10]}.
 */
public final class HistorySnapshotBenchmark {

    private HistorySnapshotBenchmark() {
    }

    /** An unsynchronised buffered sink, like the checkpoint stream; discards what it would write to a file. */
    static final class CheckpointLikeStream extends OutputStream {
        private final byte[] buffer = new byte[4096];
        private int pos;
        long written;

        @Override
        public void write(int b) {
            if (pos == buffer.length) {
                flushBuffer();
            }
            buffer[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (pos == buffer.length) {
                    flushBuffer();
                }
                int n = Math.min(len, buffer.length - pos);
                System.arraycopy(b, off, buffer, pos, n);
                pos += n;
                off += n;
                len -= n;
            }
        }

        private void flushBuffer() {
            written += pos;
            pos = 0;
        }
    }

    public static void main(String[] args) throws IOException {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        AccountHistory[] histories = new AccountHistory[accounts];
        List<String> devices = List.of("iPhone 14 Pro", "Samsung Galaxy S23", "Windows 11 Laptop");
        for (int a = 0; a < accounts; a++) {
            AccountHistory h = new AccountHistory();
            for (int i = 0; i < 10; i++) {
                h.record(TransactionBuilder.transaction().transactionId("TXN-" + a + "-" + i + "-5f3c9a1b")
                    .amount(100 + (a * 31 + i * 7) % 900 + 0.25).device(devices.get((a + i) % 2))
                    .ipAddress("192.168." + (a % 250) + "." + (i % 2 + 10)).country("United States")
                    .time(String.format(Locale.ROOT, "2025-03-01 12:%02d:%02d.123456", i, a % 60)).build(),
                    1_740_830_400_000L + i * 30_000L, true, 20_000);
            }
            h.lastAllowed = true;
            histories[a] = h;
        }
        TypeSerializer<AccountHistory> pojo =
            TypeInformation.of(AccountHistory.class).createSerializer(new SerializerConfigImpl());
        TypeSerializer<AccountHistory> own = new AccountHistorySerializer();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            for (TypeSerializer<AccountHistory> s : List.of(pojo, own)) {
                CheckpointLikeStream stream = new CheckpointLikeStream();
                DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(stream);
                long t0 = cpu.getCurrentThreadCpuTime();
                for (AccountHistory h : histories) {
                    s.serialize(h, out);
                }
                double ms = (cpu.getCurrentThreadCpuTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "round %d %-5s %d histories, %d bytes, %.1f ms CPU, %.0f ns each%n",
                    round, s == pojo ? "pojo" : "own", accounts, stream.written + stream.pos, ms,
                    ms * 1e6 / accounts);
            }
        }
    }
}
