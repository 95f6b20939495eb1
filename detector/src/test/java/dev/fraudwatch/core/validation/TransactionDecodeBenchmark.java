package dev.fraudwatch.core.validation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * CPU cost, in thread CPU time, of decoding simulator records as the Kafka source does
 * ({@code TransactionDecoder.decode} per record): the databind decoder it replaced against the streaming one.
 * Not a test: run by hand, {@code [records, default 100000] [rounds, default 8]}; records of seed 1, 100,000
 * customers, 5 % fraud (the detector benchmark's pre-fill).
 */
public final class TransactionDecodeBenchmark {

    private TransactionDecodeBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<byte[]> records = SimulatedRecords.generate(1, 100_000, 5, n);
        long bytes = records.stream().mapToLong(r -> r.length).sum();
        System.out.printf(Locale.ROOT, "%d records, %.0f bytes each on average%n", n, (double) bytes / n);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Function<byte[], DecodeResult>> decoders = List.of(DatabindTransactionDecoder::decode,
            TransactionDecoder::decode);
        List<String> names = List.of("databind", "streaming");
        for (int round = 0; round < rounds; round++) {
            for (int d = 0; d < decoders.size(); d++) {
                Function<byte[], DecodeResult> decoder = decoders.get(d);
                long valid = 0;
                long t0 = cpu.getCurrentThreadCpuTime();
                for (byte[] r : records) {
                    if (decoder.apply(r) instanceof DecodeResult.Valid) {
                        valid++;
                    }
                }
                long nanos = cpu.getCurrentThreadCpuTime() - t0;
                System.out.printf(Locale.ROOT, "round %d %-10s %d valid of %d, %.1f ms CPU, %.0f ns per record%n",
                    round, names.get(d), valid, n, nanos / 1e6, (double) nanos / n);
            }
        }
    }
}
