package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU cost, in thread CPU time, of one transaction's analytics input row as the table runtime receives it: an
 * external {@code Row} ({@link AnalyticsInput#row}) converted by Flink's converter, as before, against
 * {@link AnalyticsInput#internalRow}. Not a test: run by hand, {@code [rows, default 100000] [rounds, default 8]}.
 */
public final class AnalyticsInputBenchmark {

    private AnalyticsInputBenchmark() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Transaction[] ts = new Transaction[n];
        for (int i = 0; i < n; i++) {
            ts[i] = TransactionBuilder.transaction().name("Customer " + (i % 977))
                .accountNumber(String.format(Locale.ROOT, "ACC%010d", i * 7919L % 10_000_000_000L))
                .amount(10 + i % 5000).transactionId("TX" + i)
                .time(String.format(Locale.ROOT, "2025-03-01 12:%02d:%02d.%06d", i / 60_000 % 60, i / 1000 % 60,
                    i % 1000 * 1000))
                .device(i % 2 == 0 ? "Mobile" : "Laptop").cardType(i % 3 == 0 ? "Visa" : "MasterCard").build();
        }
        DataStructureConverter<Object, Object> converter =
            DataStructureConverters.getConverter(AnalyticsInput.physicalType());
        converter.open(AnalyticsInputBenchmark.class.getClassLoader());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                RowData r = (RowData) converter.toInternal(AnalyticsInput.row(ts[i], (i & 7) == 0));
                sink += r.getTimestamp(4, 3).getMillisecond();
            }
            long external = cpu.getCurrentThreadCpuTime() - t0;
            t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                RowData r = AnalyticsInput.internalRow(ts[i], (i & 7) == 0);
                sink += r.getTimestamp(4, 3).getMillisecond();
            }
            long internal = cpu.getCurrentThreadCpuTime() - t0;
            System.out.printf(Locale.ROOT, "round %d, %d rows: Row + converter %.0f ns each, internal row %.0f ns each"
                + " (%.2fx)%n", round, n, (double) external / n, (double) internal / n, (double) external / internal);
        }
        System.out.println("checksum " + sink);
    }
}
