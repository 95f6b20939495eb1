package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulkBufferTest {

    private static PendingDocument doc(int partition, long offset, String id, String source) {
        return new PendingDocument(new ConsumerRecord<>("t", partition, offset, null, null), id,
            source == null ? null : source.getBytes());
    }

    @Test
    void keepsTheLatestOperationPerIdAndCommitsPastTheHighestOffset() {
        BulkBuffer b = new BulkBuffer();
        b.add(doc(0, 10, "A", "{\"v\":1}"));
        b.add(doc(0, 11, "B", "{\"v\":1}"));
        b.add(doc(0, 12, "A", null));
        b.consumed(new TopicPartition("t", 1), 40);

        assertThat(b.documents()).extracting(PendingDocument::id).containsExactly("A", "B");
        assertThat(b.documents().get(0).isDelete()).isTrue();
        assertThat(b.records()).isEqualTo(4);
        assertThat(b.offsets()).isEqualTo(Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(13),
            new TopicPartition("t", 1), new OffsetAndMetadata(41)));
    }

    @Test
    void flushesByCountBytesOrAge() {
        BulkBuffer b = new BulkBuffer();
        assertThat(b.shouldFlush(1, 1, 0)).as("empty never flushes").isFalse();
        b.add(doc(0, 1, "A", "{}"));
        assertThat(b.shouldFlush(2, 1_000_000, Long.MAX_VALUE)).isFalse();
        assertThat(b.shouldFlush(1, 1_000_000, Long.MAX_VALUE)).isTrue();
        assertThat(b.shouldFlush(2, 10, Long.MAX_VALUE)).isTrue();
        assertThat(b.shouldFlush(2, 1_000_000, 0)).isTrue();
    }

    @Test
    void revokedPartitionsAreForgottenSoTheirRecordsAreReReadByTheNewOwner() {
        BulkBuffer b = new BulkBuffer();
        b.add(doc(0, 1, "A", "{}"));
        b.add(doc(1, 5, "B", "{}"));
        b.dropPartitions(List.of(new TopicPartition("t", 1)));

        assertThat(b.documents()).extracting(PendingDocument::id).containsExactly("A");
        assertThat(b.offsets()).containsOnlyKeys(new TopicPartition("t", 0));
        assertThat(b.records()).isEqualTo(1);
        assertThat(b.owns(doc(1, 5, "B", "{}"))).isFalse();
        b.dropPartitions(List.of(new TopicPartition("t", 0)));
        assertThat(b.isEmpty()).isTrue();
    }
}
