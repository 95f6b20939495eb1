package dev.fraudwatch.alerts;

import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test records: blocked transactions and BLOCK decisions with unique ids. */
final class Fixtures {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000L * 10_000L);

    private Fixtures() {
    }

    static String txnId() {
        return String.format("TRN%011d", SEQ.incrementAndGet() % 100_000_000_000L);
    }

    static String account(int n) {
        return String.format("ACC%010d", n);
    }

    static BlockedCustomer blocked(String txnId, String account, String name, double amount, String reason,
                                   List<String> rules) {
        return new BlockedCustomer(name, account, amount, txnId, "2026-11-24 18:00:01.123456", reason, 0.9, rules,
            null);
    }

    static BlockedCustomer blocked(String account, double amount, String reason) {
        return blocked(txnId(), account, "Jane Roe", amount, reason, null);
    }

    static FraudAlert decision(String txnId, String account, double amount, FraudAlert.Decision decision,
                               String... rules) {
        List<FraudAlert.FiredRule> fired = java.util.Arrays.stream(rules)
            .map(r -> new FraudAlert.FiredRule(r, 0.5, Map.of("amount", amount))).toList();
        return new FraudAlert(txnId, account, "Jane Roe", amount, "2026-11-24 18:00:01.123456", decision, 0.93,
            fired, "2026-11-24T18:00:02Z");
    }

    static BlockedTransaction txn(String account, double amount, String reason) {
        return BlockedTransaction.of(blocked(account, amount, reason));
    }
}
