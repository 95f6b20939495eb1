package dev.fraudwatch.indexer.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexerBenchmarkTest {

    @Test
    void refusesARateWhenEverythingWasAcknowledgedInOnePoll() {
        assertThatThrownBy(() -> IndexerBenchmark.sustainedRate(() -> 5_000, 5_000, "indexer", () -> null))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("too few to measure");
    }

    @Test
    void measuresFromTheWarmMarkToTheEnd() throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        // 100 documents per poll (polls are 20 ms apart): a finite, positive rate
        double rate = IndexerBenchmark.sustainedRate(() -> acknowledged.addAndGet(100), 2_000, "indexer", () -> null);
        assertThat(rate).isPositive().isFinite();
    }
}
