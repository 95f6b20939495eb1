package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static PendingDocument doc(int partition, long offset, String id) {
        return new PendingDocument(new ConsumerRecord<>("t", partition, offset, null, null), id,
            "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk of documents on partition 0 at offsets {@code from..} with the given ids. */
    private static CommitTracker.Bulk begin(CommitTracker t, long from, String... ids) {
        List<PendingDocument> docs = new java.util.ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            docs.add(doc(0, from + i, ids[i]));
        }
        return t.begin(docs, Map.of(P0, from + ids.length), Map.of(P0, (long) ids.length), List.of());
    }

    @Test
    void commitsOnlyThePrefixOfAcknowledgedBulksInOrder() {
        CommitTracker t = new CommitTracker(3);
        CommitTracker.Bulk first = begin(t, 0, "a", "b");
        CommitTracker.Bulk second = begin(t, 2, "c", "d");
        CommitTracker.Bulk third = begin(t, 4, "e");

        t.acknowledged(second);
        t.acknowledged(third);
        assertThat(t.takeCommittable().isEmpty()).as("the first bulk is not acknowledged yet").isTrue();

        t.acknowledged(first);
        CommitTracker.Committable c = t.takeCommittable();
        assertThat(c.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
        assertThat(c.records()).isEqualTo(5);
        assertThat(t.isIdle()).isTrue();
        assertThat(t.takeCommittable().isEmpty()).as("nothing committed twice").isTrue();
    }

    @Test
    void commitsUpToTheFirstUnacknowledgedBulk() {
        CommitTracker t = new CommitTracker(3);
        CommitTracker.Bulk first = begin(t, 0, "a");
        begin(t, 1, "b");
        CommitTracker.Bulk third = begin(t, 2, "c");
        t.acknowledged(first);
        t.acknowledged(third);

        assertThat(t.takeCommittable().offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
        assertThat(t.inFlight()).isEqualTo(1);
    }

    @Test
    void neverTwoBulksInFlightWithTheSameId() {
        CommitTracker t = new CommitTracker(4);
        CommitTracker.Bulk first = begin(t, 0, "a", "b");

        assertThat(t.canBegin(List.of("c", "b"))).as("b is in flight").isFalse();
        assertThat(t.canBegin(List.of("c", "d"))).isTrue();
        assertThatThrownBy(() -> begin(t, 2, "b")).isInstanceOf(IllegalStateException.class);

        t.acknowledged(first);
        assertThat(t.canBegin(List.of("b"))).as("acknowledged, though not yet committed").isTrue();
    }

    @Test
    void limitsBulksInFlight() throws InterruptedException {
        CommitTracker t = new CommitTracker(2);
        CommitTracker.Bulk first = begin(t, 0, "a");
        begin(t, 1, "b");
        assertThat(t.canBegin(List.of("c"))).isFalse();
        assertThat(t.awaitCanBegin(List.of("c"), 20)).isFalse();

        Thread acker = new Thread(() -> t.acknowledged(first));
        acker.start();
        assertThat(t.awaitCanBegin(List.of("c"), 10_000)).isTrue();
        acker.join();
    }

    @Test
    void revokedPartitionsAreNotCommittedUnlessAlreadyAcknowledged() {
        CommitTracker t = new CommitTracker(3);
        CommitTracker.Bulk acked = t.begin(List.of(doc(0, 0, "a"), doc(1, 0, "b")),
            Map.of(P0, 1L, P1, 1L), Map.of(P0, 1L, P1, 1L), List.of());
        CommitTracker.Bulk open = t.begin(List.of(doc(0, 1, "c"), doc(1, 1, "d")),
            Map.of(P0, 2L, P1, 2L), Map.of(P0, 1L, P1, 1L), List.of());
        t.acknowledged(acked);

        t.revoke(List.of(P1), true);
        assertThat(t.owns(P1)).isFalse();
        assertThat(t.owned(open.documents())).extracting(PendingDocument::id).containsExactly("c");
        t.acknowledged(open);
        CommitTracker.Committable c = t.takeCommittable();
        assertThat(c.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(1)));
        assertThat(c.records()).isEqualTo(3);

        t.assigned(List.of(P1));
        assertThat(t.owns(P1)).isTrue();
    }

    @Test
    void lostPartitionsAreNotCommittedAtAll() {
        CommitTracker t = new CommitTracker(2);
        CommitTracker.Bulk acked = t.begin(List.of(doc(0, 0, "a"), doc(1, 0, "b")),
            Map.of(P0, 1L, P1, 1L), Map.of(P0, 1L, P1, 1L), List.of());
        t.acknowledged(acked);
        t.revoke(List.of(P1), false);
        assertThat(t.takeCommittable().offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void deadLettersOfABulkAreHandedOutWithItsOffsets() {
        CommitTracker t = new CommitTracker(1);
        CompletableFuture<org.apache.kafka.clients.producer.RecordMetadata> consumed = new CompletableFuture<>();
        CompletableFuture<org.apache.kafka.clients.producer.RecordMetadata> rejected = new CompletableFuture<>();
        CommitTracker.Bulk b = t.begin(List.of(doc(0, 1, "a")), Map.of(P0, 2L), Map.of(P0, 2L),
            List.of(consumed));
        b.addDeadLetter(rejected);
        t.acknowledged(b);
        assertThat(t.takeCommittable().deadLetters()).containsExactly(consumed, rejected);
    }

    @Test
    void waitsForARequestOnTheWireWithRevokedDocuments() throws InterruptedException {
        CommitTracker t = new CommitTracker(2);
        CommitTracker.Bulk b = begin(t, 0, "a");
        t.writing(b, true);
        assertThat(t.awaitNoWrites(List.of(P1), 10)).as("other partition").isTrue();
        assertThat(t.awaitNoWrites(List.of(P0), 20)).isFalse();
        t.writing(b, false);
        assertThat(t.awaitNoWrites(List.of(P0), 10)).isTrue();
    }
}
