package dev.fraudwatch.web;

import dev.fraudwatch.core.model.BlockedCustomer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockedStoreTest {

    @Test
    void returnsNewestFirstByRecordTimeWhateverTheArrivalOrder() {
        BlockedStore store = new BlockedStore(10);
        store.add(300, Fixtures.blocked(3));
        store.add(100, Fixtures.blocked(1));
        store.add(200, Fixtures.blocked(2));
        assertThat(store.latest(10)).extracting(BlockedCustomer::transactionId)
            .containsExactly(Fixtures.txId(3), Fixtures.txId(2), Fixtures.txId(1));
        assertThat(store.latest(2)).hasSize(2);
    }

    @Test
    void keepsOnlyTheNewestUpToCapacityAndIgnoresDuplicates() {
        BlockedStore store = new BlockedStore(3);
        List<BlockedCustomer> heard = new ArrayList<>();
        store.addListener(heard::add);
        for (int i = 1; i <= 5; i++) {
            store.add(i * 10L, Fixtures.blocked(i));
        }
        assertThat(store.add(50, Fixtures.blocked(5))).isFalse();
        assertThat(store.add(1, Fixtures.blocked(0))).as("older than everything kept").isFalse();
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.latest(10)).extracting(BlockedCustomer::transactionId)
            .containsExactly(Fixtures.txId(5), Fixtures.txId(4), Fixtures.txId(3));
        assertThat(heard).hasSize(5);
    }
}
