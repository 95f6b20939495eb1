package dev.fraudwatch.alerts;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.consumer.CommitFailedException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine loop against mock consumers (partition 0 of both input topics assigned at subscribe, no rebalance and
 * so no ledger reload; each new consumer after a restart starts from the group's committed offsets and re-reads the
 * records the test wrote), a mock producer for the ledger and dead letters, and a sender that collects mails.
 */
class AlertEngineTest {

    private static final Topics TOPICS = Topics.defaults();
    private static final TopicPartition BLOCKED = new TopicPartition(TOPICS.blockedCustomers(), 0);
    private static final TopicPartition ALERTS = new TopicPartition(TOPICS.fraudAlerts(), 0);
    private static final AlertsConfig CONFIG = AlertsConfig.defaults(TOPICS, "sent", "group")
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));

    /** The input topic as written so far, and the group's committed offsets: what outlives one consumer. */
    private final List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> groupCommits = new ConcurrentHashMap<>();
    /** Every consumer the engine asked for, in order; the first is created here so tests can schedule on it. */
    private final List<AssignedConsumer> consumers = new CopyOnWriteArrayList<>();
    private final AssignedConsumer consumer = newConsumer();
    /** Called with each consumer created after the first, before the engine uses it. */
    private java.util.function.Consumer<AssignedConsumer> onRestart = c -> { };
    private final Producer producer = new Producer();
    private final SentLedger ledger = new SentLedger("sent", new Properties(), producer, Duration.ofDays(30));
    private final List<AlertMail> mailed = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    /** Each send takes longer than the whole send budget, so every batch stops after its first mail. */
    private final AlertSender slow = m -> {
        mailed.add(m);
        clock.advance(Duration.ofSeconds(61));
    };
    private final AlertEngine engine = engine(mailed::add);

    private AlertEngine engine(AlertSender sender) {
        return engine(CONFIG, sender);
    }

    private AlertEngine engine(AlertsConfig config, AlertSender sender) {
        return new AlertEngine(config, this::nextConsumer, producer, ledger, sender, clock);
    }

    private AssignedConsumer newConsumer() {
        AssignedConsumer c = new AssignedConsumer();
        consumers.add(c);
        return c;
    }

    /** The first consumer, then a new one per restart. */
    private AssignedConsumer nextConsumer() {
        if (consumers.size() == 1 && !consumer.used) {
            consumer.used = true;
            return consumer;
        }
        AssignedConsumer c = newConsumer();
        c.used = true;
        onRestart.accept(c);
        return c;
    }

    private AssignedConsumer current() {
        return consumers.get(consumers.size() - 1);
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

    /** Writes a record to the topic: the current consumer gets it at its next poll, a later one re-reads it. */
    private void blockedRecord(long offset, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(BLOCKED.topic(), 0, offset,
            account(1).getBytes(StandardCharsets.UTF_8), value);
        log.add(r);
        current().addRecord(r);
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata o = groupCommits.get(tp);
        return o == null ? 0 : o.offset();
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters() {
        return producer.history().stream().filter(r -> r.topic().equals(TOPICS.deadLetter())).toList();
    }

    @Test
    void anUnreadableRecordWhoseDeadLetterFailedIsReadAgainAfterARestartAndDeadLetteredThenNothingLost() {
        producer.deadLettersFail = 1;
        consumer.schedulePollTask(() -> {
            blockedRecord(0, Json.toBytes(Fixtures.blocked(account(1), 60_000, "Amount exceeds $50,000")));
            blockedRecord(1, "not json".getBytes(StandardCharsets.UTF_8));
        });
        onRestart = c -> {
            c.scheduleNopPollTask();
            c.schedulePollTask(engine::stop);
        };

        try (LogCapture logs = new LogCapture()) {
            engine.run();
            assertThat(logs.text()).contains("The alert loop failed", "cannot write to the dead-letter topic");
        }

        assertThat(consumers).hasSize(2);
        // Committing offset 2 before the restart would have skipped the unreadable record for good.
        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).value()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(mailed).hasSize(1); // the readable record before it, re-read and mailed once
        assertThat(committed(BLOCKED)).isEqualTo(2);
    }

    @Test
    void aFailedCommitInTheLoopRestartsItOnANewConsumerFromTheCommittedOffsetsAndNothingIsMailedTwice() {
        AlertEngine e = engine(mailed::add);
        consumer.failCommits = true;
        consumer.schedulePollTask(this::threeBlockedRecords);
        onRestart = c -> {
            c.scheduleNopPollTask(); // re-reads the three records: all marked sent in the ledger, so skipped
            c.schedulePollTask(e::stop);
        };

        try (LogCapture logs = new LogCapture()) {
            e.run();
            assertThat(logs.text()).contains("The alert loop failed", "CommitFailedException", "restart 1 in a row");
        }

        assertThat(consumers).hasSize(2);
        assertThat(consumers.get(0).closed()).isTrue();
        assertThat(mailed).hasSize(3);
        assertThat(mailed.stream().map(AlertMail::messageId)).doesNotHaveDuplicates();
        assertThat(committed(BLOCKED)).isEqualTo(3);
    }

    /**
     * The real consumer propagates an exception of the rebalance listener (its commitSync, say) out of poll(); the
     * loop must survive that as any other failure, here twice in a row (the backoff grows), without losing the alert
     * that was waiting in memory.
     */
    @Test
    void anExceptionOutOfPollAsFromTheRebalanceListenersCommitRestartsTheLoopAgainAndAgain() {
        AlertEngine e = engine(CONFIG.withGrouping(AlertsConfig.GroupBy.ACCOUNT, Duration.ofSeconds(10)), mailed::add);
        consumer.schedulePollTask(() -> blockedRecord(0,
            Json.toBytes(Fixtures.blocked(account(5), 60_000, "Amount exceeds $50,000"))));
        consumer.schedulePollTask(() -> {
            throw new CommitFailedException("the group rebalanced before the revocation's commit");
        });
        onRestart = c -> {
            if (consumers.size() == 2) {
                c.schedulePollTask(() -> {
                    throw new CommitFailedException("again");
                });
            } else {
                c.scheduleNopPollTask(); // the record again: waits for its window
                c.schedulePollTask(() -> clock.advance(Duration.ofSeconds(10)));
                c.schedulePollTask(e::stop);
            }
        };

        try (LogCapture logs = new LogCapture()) {
            e.run();
            assertThat(logs.text()).contains("restart 1 in a row", "restart 2 in a row", "in 10 ms", "in 20 ms");
        }

        assertThat(consumers).hasSize(3);
        assertThat(mailed).hasSize(1);
        assertThat(committed(BLOCKED)).isEqualTo(1);
    }

    @Test
    void stopDuringTheWaitBeforeARestartEndsTheEngineAtOnce() throws Exception {
        AlertEngine e = engine(CONFIG.withBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5)), mailed::add);
        consumer.schedulePollTask(() -> {
            throw new IllegalStateException("unexpected");
        });
        Thread t = new Thread(e::run, "engine-under-test");
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(consumer::closed); // closed, now waiting five minutes
        long start = System.nanoTime();
        e.stop();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(consumers).hasSize(1); // no new consumer after stop
    }

    /**
     * A mail the server refuses for good is given up after alerts.retry.rejected-attempts (3) refusals, with backoff
     * between them: its record goes to the dead-letter topic with the server's reply and is marked handled before
     * its offset is committed; the alerts behind it are mailed.
     */
    @Test
    void aMailRefusedForGoodIsGivenUpToTheDeadLetterTopicAndTheAlertsBehindItAreMailed() {
        List<String> ids = new ArrayList<>();
        byte[][] refusedRecord = new byte[1][];
        int[] refusals = {0};
        AlertEngine e = engine(m -> {
            if (m.transactionIds().contains(ids.get(0))) {
                refusals[0]++;
                throw AlertSendException.rejected("SMTP server did not accept the mail: 552 5.3.4 message too big",
                    null);
            }
            mailed.add(m);
        });
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 3; i++) {
                BlockedCustomer b = Fixtures.blocked(account(30 + i), 60_000, "Amount exceeds $50,000");
                ids.add(b.transactionId());
                byte[] v = Json.toBytes(b);
                if (i == 0) {
                    refusedRecord[0] = v;
                }
                blockedRecord(i, v);
            }
        });
        for (int i = 0; i < 3; i++) {
            consumer.schedulePollTask(() -> clock.advance(Duration.ofMinutes(1))); // past each backoff
        }
        consumer.schedulePollTask(e::stop);

        e.run();

        assertThat(refusals[0]).isEqualTo(3);
        assertThat(mailed).flatExtracting(AlertMail::transactionIds).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).value()).isEqualTo(refusedRecord[0]);
        assertThat(new String(deadLetters().get(0).headers().lastHeader(Headers.DLQ_REASON).value(),
            StandardCharsets.UTF_8)).contains("552 5.3.4 message too big");
        assertThat(ledger.contains(ids.get(0))).isTrue(); // handled: a restart skips it
        assertThat(committed(BLOCKED)).isEqualTo(3);
    }

    @Test
    void aSettingToFixIsExplainedOncePerStreakOfFailuresNotOnEveryAttempt() {
        boolean[] fixed = {false};
        int[] attempts = {0};
        AlertEngine e = engine(m -> {
            attempts[0]++;
            if (!fixed[0]) {
                throw AlertSendException.configuration("535 5.7.8 authentication failed",
                    "The SMTP server rejects the login: fix settings 'smtp.username' and 'smtp.password'.", null);
            }
            mailed.add(m);
        });
        consumer.schedulePollTask(() -> blockedRecord(0,
            Json.toBytes(Fixtures.blocked(account(40), 60_000, "Amount exceeds $50,000"))));
        for (int i = 0; i < 4; i++) {
            consumer.schedulePollTask(() -> clock.advance(Duration.ofMinutes(1)));
        }
        consumer.schedulePollTask(() -> fixed[0] = true);
        consumer.schedulePollTask(() -> clock.advance(Duration.ofMinutes(1)));
        consumer.schedulePollTask(() -> {
            fixed[0] = false; // broken again: a new streak, explained again
            blockedRecord(1, Json.toBytes(Fixtures.blocked(account(41), 60_000, "Amount exceeds $50,000")));
        });
        consumer.schedulePollTask(() -> clock.advance(Duration.ofMinutes(1)));
        consumer.schedulePollTask(e::stop);

        try (LogCapture logs = new LogCapture()) {
            e.run();
            String text = logs.text();
            assertThat(text.split("until a setting is fixed", -1)).hasSize(3); // once per streak: twice in all
            assertThat(text).contains("fix settings 'smtp.username' and 'smtp.password'");
            assertThat(text.split("535 5.7.8 authentication failed", -1).length - 1).isGreaterThanOrEqualTo(5);
        }
        assertThat(mailed).hasSize(1);
        assertThat(attempts[0]).isGreaterThanOrEqualTo(7);
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

    /**
     * Assigns partition 0 of each subscribed topic at once, without calling the listener (no ledger reload), at the
     * group's committed offsets, with what the topic holds; its commits are the group's.
     */
    private final class AssignedConsumer extends MockConsumer<byte[], byte[]> {
        volatile boolean failCommits;
        boolean used;

        AssignedConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            List<TopicPartition> parts = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
            assign(parts);
            updateBeginningOffsets(Map.of(BLOCKED, 0L, ALERTS, 0L));
            groupCommits.forEach((tp, o) -> seek(tp, o.offset()));
            log.forEach(this::addRecord);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (failCommits) {
                throw new CommitFailedException("commit refused by the test");
            }
            super.commitSync(offsets);
            groupCommits.putAll(offsets);
        }
    }

    /** Completes every send at once; the next {@code deadLettersFail} dead letters fail. */
    private static final class Producer extends MockProducer<byte[], byte[]> {
        volatile int deadLettersFail;

        Producer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (deadLettersFail > 0 && record.topic().equals(TOPICS.deadLetter())) {
                deadLettersFail--;
                return CompletableFuture.failedFuture(new IllegalStateException("dead-letter topic unavailable"));
            }
            return super.send(record);
        }
    }
}
