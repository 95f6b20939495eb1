package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.CustomerRisk;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * CPU cost, in thread CPU time, of one customer_risk record (key and value JSON): databind
 * ({@link CustomerRiskFunction#record}, as before) against the operator's {@link CustomerRiskJson}. Not a test: run
 * by hand, {@code [rows, default 100000] [rounds, default 8]}.
 */
public final class CustomerRiskJsonBenchmark {

    private CustomerRiskJsonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        SplittableRandom random = new SplittableRandom(1);
        String[] first = {"James", "Mary", "Zoë", "Wei", "Olusegun", "Anne-Marie", "José", "Li"};
        String[] last = {"Smith", "O'Brien", "García", "Nguyen", "Müller", "Okafor", "Kowalski", "Brown"};
        CustomerRisk[] rows = new CustomerRisk[n];
        for (int i = 0; i < n; i++) {
            long total = 1 + random.nextInt(20);
            long flagged = random.nextInt(10) == 0 ? 1 : 0;
            double avg = random.nextDouble() * 4_000 + 10;
            rows[i] = new CustomerRisk(first[random.nextInt(first.length)] + " " + last[random.nextInt(last.length)],
                String.format(Locale.ROOT, "ACC%010d", i * 7919L % 10_000_000_000L), total, flagged, avg,
                CustomerRisk.riskLevel(flagged, avg, avg));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        try (CustomerRiskJson json = new CustomerRiskJson()) {
            for (int round = 0; round < rounds; round++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (CustomerRisk r : rows) {
                    OutRecord o = CustomerRiskFunction.record("customer_risk", r);
                    sink += o.key.length + o.value.length;
                }
                long databind = cpu.getCurrentThreadCpuTime() - t0;
                t0 = cpu.getCurrentThreadCpuTime();
                for (CustomerRisk r : rows) {
                    OutRecord o = OutRecord.of("customer_risk", json.key(r.accountNumber()), json.value(r));
                    sink += o.key.length + o.value.length;
                }
                long generator = cpu.getCurrentThreadCpuTime() - t0;
                System.out.printf(Locale.ROOT, "round %d, %d records: databind %.0f ns each, generator %.0f ns each"
                    + " (%.2fx)%n", round, n, (double) databind / n, (double) generator / n,
                    (double) databind / generator);
            }
        }
        System.out.println("bytes " + sink);
    }
}
