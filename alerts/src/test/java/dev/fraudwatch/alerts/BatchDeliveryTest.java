package dev.fraudwatch.alerts;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a batch's steps and what a failure in the middle leaves, against a mock producer (its history is
 * the ledger topic as written) and a sender that counts what it was given.
 */
class BatchDeliveryTest {

    private static final String TOPIC = "sent";
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    private final FailingProducer producer = new FailingProducer();
    private final SentLedger ledger = new SentLedger(TOPIC, new Properties(), producer, Duration.ofDays(30));
    private final ManualClock clock = new ManualClock();
    private final List<String> sent = new ArrayList<>();
    /** History size at each send: how much of the ledger was written before the mail left. */
    private final List<Integer> writtenBeforeSend = new ArrayList<>();

    private static List<OutgoingMail> mails(int n) {
        AlertMailFormatter formatter = new AlertMailFormatter();
        List<OutgoingMail> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlockedTransaction t = Fixtures.txn(account(500 + i), 60_000 + i, "Amount exceeds $50,000");
            out.add(OutgoingMail.formed(formatter.format(List.of(t), Instant.parse("2026-11-24T18:00:05Z")),
                List.of()));
        }
        return out;
    }

    private AlertSender failingAt(int... calls) {
        int[] call = {0};
        return mail -> {
            call[0]++;
            for (int c : calls) {
                if (c == call[0]) {
                    throw new AlertSendException("server said no to call " + c, null);
                }
            }
            writtenBeforeSend.add(producer.history().size());
            sent.add(mail.messageId());
        };
    }

    private List<String> keys(Predicate<ProducerRecord<byte[], byte[]>> which) {
        return producer.history().stream().filter(which)
            .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    private static boolean intent(ProducerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8).startsWith(SentLedger.INTENT_PREFIX) && r.value() != null;
    }

    private static boolean tombstone(ProducerRecord<byte[], byte[]> r) {
        return r.value() == null;
    }

    private static boolean mark(ProducerRecord<byte[], byte[]> r) {
        return !intent(r) && !tombstone(r);
    }

    private static List<String> ids(List<OutgoingMail> mails) {
        return mails.stream().flatMap(m -> m.mail.transactionIds().stream()).toList();
    }

    @Test
    void sentIdsAreForgottenInMemoryOnceTheTopicsRetentionHasPassed() {
        List<OutgoingMail> first = mails(3);
        Instant marked = Instant.now();
        new BatchDelivery(ledger, failingAt(), clock).deliver(first, LATER);
        assertThat(ids(first)).allMatch(ledger::contains);

        ledger.expire(marked.plus(Duration.ofDays(29)));
        assertThat(ledger.size()).isEqualTo(3);
        assertThat(ids(first)).allMatch(ledger::contains);

        ledger.expire(marked.plus(Duration.ofDays(30)).plusSeconds(60));
        assertThat(ledger.size()).isZero();
        assertThat(ids(first)).noneMatch(ledger::contains);
    }

    @Test
    void everyIntentIsWrittenBeforeTheFirstMailAndEveryMarkBeforeTheFirstTombstone() {
        List<OutgoingMail> batch = mails(3);
        BatchDelivery.Result r = new BatchDelivery(ledger, failingAt(), clock).deliver(batch, LATER);

        assertThat(r).isEqualTo(new BatchDelivery.Result(3, null));
        assertThat(writtenBeforeSend).containsOnly(3); // the three intents, nothing else yet
        List<ProducerRecord<byte[], byte[]>> h = producer.history();
        assertThat(h.subList(0, 3)).allMatch(BatchDeliveryTest::intent);
        assertThat(h.subList(3, 6)).allMatch(BatchDeliveryTest::mark);
        assertThat(h.subList(6, 9)).allMatch(BatchDeliveryTest::tombstone);
        assertThat(keys(BatchDeliveryTest::mark)).containsExactlyElementsOf(ids(batch));
        assertThat(sent).containsExactlyElementsOf(batch.stream().map(m -> m.mail.messageId()).toList());
    }

    @Test
    void whenTheKthMailFailsTheEarlierOnesAreMarkedSentOnceAndTheRestRetriedWithoutDuplicates() {
        List<OutgoingMail> batch = mails(5);
        BatchDelivery delivery = new BatchDelivery(ledger, failingAt(3), clock);

        BatchDelivery.Result first = delivery.deliver(batch, LATER);
        assertThat(first.done()).isEqualTo(2);
        assertThat(first.failure()).contains("server said no");
        assertThat(keys(BatchDeliveryTest::mark)).containsExactlyElementsOf(ids(batch.subList(0, 2)));
        assertThat(keys(BatchDeliveryTest::tombstone)).hasSize(2);
        assertThat(batch.subList(2, 5)).allMatch(m -> m.intentRecorded && !m.accepted);
        for (String id : ids(batch.subList(2, 5))) {
            assertThat(ledger.contains(id)).isFalse();
            assertThat(ledger.intentFor(id)).isNotNull(); // a record read meanwhile joins its recorded mail
        }

        BatchDelivery.Result retry = delivery.deliver(batch.subList(2, 5), LATER);
        assertThat(retry).isEqualTo(new BatchDelivery.Result(3, null));
        assertThat(sent).containsExactlyElementsOf(batch.stream().map(m -> m.mail.messageId()).toList());
        assertThat(keys(BatchDeliveryTest::intent)).hasSize(5); // the retry did not write them again
        assertThat(keys(BatchDeliveryTest::mark)).containsExactlyElementsOf(ids(batch));
        assertThat(keys(BatchDeliveryTest::tombstone)).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void aFailedLedgerWriteAfterTheSendsRetriesOnlyTheMarksNeverTheMails() {
        List<OutgoingMail> batch = mails(3);
        BatchDelivery delivery = new BatchDelivery(ledger, failingAt(), clock);
        producer.failOnce = BatchDeliveryTest::mark;

        BatchDelivery.Result first = delivery.deliver(batch, LATER);
        assertThat(first.done()).isZero();
        assertThat(first.failure()).contains("could not record sent alerts");
        assertThat(batch).allMatch(m -> m.accepted);

        assertThat(delivery.deliver(batch, LATER)).isEqualTo(new BatchDelivery.Result(3, null));
        assertThat(sent).hasSize(3).doesNotHaveDuplicates();
        assertThat(keys(BatchDeliveryTest::tombstone)).hasSize(3);
    }

    @Test
    void noMailLeavesWhenItsIntentWasNotAcknowledged() {
        List<OutgoingMail> batch = mails(3);
        producer.failOnce = BatchDeliveryTest::intent;

        BatchDelivery.Result r = new BatchDelivery(ledger, failingAt(), clock).deliver(batch, LATER);
        assertThat(r.done()).isZero();
        assertThat(r.failure()).contains("could not record an alert mail");
        assertThat(sent).isEmpty();
        assertThat(batch).noneMatch(m -> m.intentRecorded);
    }

    @Test
    void pastTheDeadlineItStopsAfterOneMailAndLeavesTheRestRecordedForTheNextRound() {
        List<OutgoingMail> batch = mails(4);
        BatchDelivery.Result r = new BatchDelivery(ledger, failingAt(), clock).deliver(batch, clock.instant()
            .minusSeconds(1));
        assertThat(r).isEqualTo(new BatchDelivery.Result(1, null));
        assertThat(sent).hasSize(1);
        assertThat(batch.subList(1, 4)).allMatch(m -> m.intentRecorded && !m.accepted);
    }

    /** Completes every send at once, except the first matching one after {@code failOnce} is set, which fails. */
    private static final class FailingProducer extends MockProducer<byte[], byte[]> {
        Predicate<ProducerRecord<byte[], byte[]>> failOnce;

        FailingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (failOnce != null && failOnce.test(record)) {
                failOnce = null;
                return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
            }
            return super.send(record);
        }
    }
}
