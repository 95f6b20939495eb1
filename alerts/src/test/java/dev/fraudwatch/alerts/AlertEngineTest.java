package dev.fraudwatch.alerts;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine loop against a mock consumer (partition 0 of both input topics assigned at subscribe, no rebalance and
 * so no ledger reload), a mock producer for the ledger and dead letters, and a sender that collects mails.
 */
class AlertEngineTest {

    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition BLOCKED = new TopicPartition(TOPICS.blockedCustomers(), 0);
    private static final TopicPartition ALERTS = new TopicPartition(TOPICS.fraudAlerts(), 0);

    private final AssignedConsumer consumer = new AssignedConsumer();
    private final Producer producer = new Producer();
    private final List<AlertMail> mailed = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    /** Each send takes longer than the whole send budget, so every batch stops after its first mail. */
    private final AlertSender slow = m -> {
        mailed.add(m);
        clock.advance(Duration.ofSeconds(61));
    };
    private final AlertEngine engine = engine(mailed::add);

    private AlertEngine engine(AlertSender sender) {
        return new AlertEngine(AlertsConfig.defaults(TOPICS, "sent", "group"), consumer, producer,
            new SentLedger("sent", new Properties(), producer, Duration.ofDays(30)), sender, clock);
    }

    private void threeBlockedRecords() {
        for (int i = 0; i < 3; i++) {
            blockedRecord(i, Json.toBytes(Fixtures.blocked(account(10 + i), 60_000, "Amount exceeds $50,000")));
        }
    }

    private long intentsWritten() {
        return producer.history().stream().filter(r -> r.value() != null
            && new String(r.key(), StandardCharsets.UTF_8).startsWith(SentLedger.INTENT_PREFIX)).count();
    }

    private void blockedRecord(long offset, byte[] value) {
        consumer.addRecord(new ConsumerRecord<>(BLOCKED.topic(), 0, offset,
            account(1).getBytes(StandardCharsets.UTF_8), value));
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? 0 : o.offset();
    }

    @Test
    void anUnreadableRecordWhoseDeadLetterFailedIsNotCommittedWhenTheEngineStopsOnIt() {
        producer.deadLettersFail = true;
        consumer.schedulePollTask(() -> {
            blockedRecord(0, Json.toBytes(Fixtures.blocked(account(1), 60_000, "Amount exceeds $50,000")));
            blockedRecord(1, "not json".getBytes(StandardCharsets.UTF_8));
        });

        assertThatThrownBy(engine::run).hasMessageContaining("dead-letter");

        assertThat(mailed).hasSize(1); // the readable record before it is still mailed on the way out
        // Committing offset 2 would skip the unreadable record for good: neither alerted nor dead-lettered.
        assertThat(committed(BLOCKED)).isEqualTo(1);
    }

    @Test
    void whenTheSendBudgetRunsOutMidBatchTheRestGoesOutInTheNextRoundsEachOnceAndAllIsCommitted() {
        AlertEngine e = engine(slow);
        consumer.schedulePollTask(this::threeBlockedRecords);
        consumer.scheduleNopPollTask();
        consumer.scheduleNopPollTask();
        consumer.schedulePollTask(e::stop);

        e.run();

        assertThat(mailed).hasSize(3);
        assertThat(mailed.stream().map(AlertMail::messageId)).doesNotHaveDuplicates();
        assertThat(intentsWritten()).isEqualTo(3); // recorded once, ahead of the batch, never again
        assertThat(committed(BLOCKED)).isEqualTo(3);
    }

    @Test
    void aFlushOnCloseThatRunsOutOfBudgetLeavesTheRestRecordedAndUncommitted() {
        AlertEngine e = engine(slow);
        consumer.schedulePollTask(this::threeBlockedRecords);
        consumer.schedulePollTask(e::stop);

        e.run();

        assertThat(mailed).hasSize(2); // one in the loop, one in the flush; each then hit the 60 s budget
        assertThat(intentsWritten()).isEqualTo(3); // the third is resent as recorded after a restart
        assertThat(committed(BLOCKED)).isEqualTo(2);
    }

    @Test
    void afterStopItSendsForAtMostTheCloseBudgetSoItEndsWithinTheServicesWait() {
        List<AlertEngine> e = new ArrayList<>();
        Instant[] stoppedAt = new Instant[1];
        e.add(engine(m -> {
            mailed.add(m);
            if (stoppedAt[0] == null) { // close() arrives while the first mail of a long backlog is being sent
                stoppedAt[0] = clock.instant();
                e.get(0).stop();
            }
            clock.advance(Duration.ofSeconds(10));
        }));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 20; i++) {
                blockedRecord(i, Json.toBytes(Fixtures.blocked(account(100 + i), 60_000, "Amount exceeds $50,000")));
            }
        });

        e.get(0).run();

        // AlertService waits 60 s for the thread, then closes the ledger's producer: sending must be over by then.
        assertThat(Duration.between(stoppedAt[0], clock.instant())).isLessThanOrEqualTo(Duration.ofSeconds(40));
        assertThat(committed(BLOCKED)).isEqualTo(mailed.size()); // what went out is marked and committed
        assertThat(intentsWritten()).isEqualTo(20); // the rest is resent as recorded after a restart
    }

    /** Assigns partition 0 of each subscribed topic at once, without calling the listener (no ledger reload). */
    private static final class AssignedConsumer extends MockConsumer<byte[], byte[]> {
        AssignedConsumer() {
            super("earliest");
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            List<TopicPartition> parts = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
            assign(parts);
            updateBeginningOffsets(Map.of(BLOCKED, 0L, ALERTS, 0L));
        }
    }

    /** Completes every send at once; dead letters fail while {@code deadLettersFail}. */
    private static final class Producer extends MockProducer<byte[], byte[]> {
        volatile boolean deadLettersFail;

        Producer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (deadLettersFail && record.topic().equals(TOPICS.deadLetter())) {
                return CompletableFuture.failedFuture(new IllegalStateException("dead-letter topic unavailable"));
            }
            return super.send(record);
        }
    }
}
