package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("blocked", 0);
    private static final TopicPartition P1 = new TopicPartition("alerts", 0);

    @Test
    void commitStopsAtTheEarliestRecordWhoseMailIsNotAcceptedYet() {
        OffsetTracker t = new OffsetTracker();
        for (long o = 0; o < 5; o++) {
            t.consumed(P0, o);
        }
        t.hold(P0, 1);
        t.hold(P0, 3);
        t.consumed(P1, 7);
        assertThat(t.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(8)));
        t.markCommitted(t.toCommit());
        assertThat(t.toCommit()).isEmpty();

        t.release(P0, 3); // a later mail went out first: still blocked by offset 1
        assertThat(t.toCommit()).isEmpty();
        t.release(P0, 1);
        assertThat(t.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
    }
}
