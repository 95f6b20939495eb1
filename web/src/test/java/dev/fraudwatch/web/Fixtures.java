package dev.fraudwatch.web;

import dev.fraudwatch.core.model.BlockedCustomer;

import java.time.LocalDateTime;

/** Blocked-customer records for tests, distinct per {@code i}. */
final class Fixtures {

    static final String SCRIPT_NAME = "<img src=x onerror=alert(1)>";
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 5, 1, 13, 0, 0);

    private Fixtures() {
    }

    static String account(int i) {
        return String.format("ACC%010d", 1_000_000 + i);
    }

    static String txId(int i) {
        return String.format("TRN%011d", 50_000_000L + i);
    }

    static BlockedCustomer blocked(int i) {
        return blocked(i, "Customer " + i);
    }

    static BlockedCustomer blocked(int i, String name) {
        return new BlockedCustomer(name, account(i), 50_000 + 1_000.5 * i, txId(i),
            dev.fraudwatch.core.json.TransactionTime.formatMicros(BASE.plusSeconds(i)), BlockedCustomer.AMOUNT_REASON);
    }
}
