package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.TransactionBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountHistoryTest {

    @Test
    void everyListStaysBounded() {
        AccountHistory h = new AccountHistory();
        for (int i = 0; i < 1000; i++) {
            h.record(TransactionBuilder.transaction().device("device " + i).ipAddress("10.0.0." + i)
                .country("country " + i).amount(i).build(), i, true, 10_000_000);
        }
        assertThat(h.amounts).hasSize(AccountHistory.AMOUNTS_KEPT);
        assertThat(h.amounts[AccountHistory.AMOUNTS_KEPT - 1]).isEqualTo(999);
        assertThat(h.windowTimes).hasSize(AccountHistory.WINDOW_KEPT);
        assertThat(h.devices).hasSize(AccountHistory.PLACES_KEPT).contains("device 999").doesNotContain("device 0");
        assertThat(h.ips).hasSize(AccountHistory.PLACES_KEPT);
        assertThat(h.countries).hasSize(AccountHistory.PLACES_KEPT);
        assertThat(h.transactions).isEqualTo(1000);
    }

    @Test
    void windowIsPrunedByEventTime() {
        AccountHistory h = new AccountHistory();
        h.record(TransactionBuilder.transaction().build(), 0, true, 60_000);
        h.record(TransactionBuilder.transaction().build(), 30_000, true, 60_000);
        h.record(TransactionBuilder.transaction().build(), 90_000, true, 60_000);
        assertThat(h.windowTimes).containsExactly(90_000L);
        // A late event older than the window is not kept, the rest stays.
        h.record(TransactionBuilder.transaction().build(), 10_000, true, 60_000);
        assertThat(h.windowTimes).containsExactly(90_000L);
        assertThat(h.lastTime).isEqualTo(10_000);
        // A late event inside the window is kept in event-time order.
        h.record(TransactionBuilder.transaction().build(), 80_000, true, 60_000);
        assertThat(h.windowTimes).containsExactly(80_000L, 90_000L);
    }

    @Test
    void untrustedTransactionsDoNotExtendTheProfile() {
        AccountHistory h = new AccountHistory();
        h.record(TransactionBuilder.transaction().device("Smart TV").build(), 0, false, 60_000);
        assertThat(h.devices).isEmpty();
        assertThat(h.amounts).hasSize(1);
    }
}
