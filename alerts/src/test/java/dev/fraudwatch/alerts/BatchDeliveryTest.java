package dev.fraudwatch.alerts;

import dev.fraudwatch.core.model.Headers;
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
    private static final String DLQ = "dead_letters";
    private static final TopicPartition BLOCKED = new TopicPartition("blocked_customers", 1);
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    private final FailingProducer producer = new FailingProducer();
    private final SentLedger ledger = new SentLedger(TOPIC, new Properties(), producer, Duration.ofDays(30));
    private final ManualClock clock = new ManualClock();
    private final List<String> sent = new ArrayList<>();
    /** History size at each send: how much of the ledger was written before the mail left. */
    private final List<Integer> writtenBeforeSend = new ArrayList<>();

    private BatchDelivery delivery(AlertSender sender) {
        return delivery(sender, 3);
    }

    private BatchDelivery delivery(AlertSender sender, int rejectedAttempts) {
        return new BatchDelivery(ledger, sender, new DeadLetterWriter(producer, DLQ), rejectedAttempts, clock);
    }

    /** The record a blocked transaction came from, as the engine keeps it for a possible dead letter. */
    private static PendingAlert.Source record(BlockedTransaction t, long offset) {
        return new PendingAlert.Source(BLOCKED, offset, t.transactionId(), t.accountNumber().getBytes(
            StandardCharsets.UTF_8), ("{\"Transaction ID\":\"" + t.transactionId() + "\"}").getBytes(
            StandardCharsets.UTF_8));
    }

    /** Mails of one transaction each, grouped here: every member's record is held. */
    private static List<OutgoingMail> mailsWithRecords(int n) {
        AlertMailFormatter formatter = new AlertMailFormatter();
        List<OutgoingMail> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlockedTransaction t = Fixtures.txn(account(700 + i), 70_000 + i, "Amount exceeds $50,000");
            out.add(OutgoingMail.formed(formatter.format(List.of(t), Instant.parse("2026-11-24T18:00:05Z")),
                List.of(new PendingAlert(t, Instant.parse("2026-11-24T18:00:00Z"), List.of(record(t, i))))));
        }
        return out;
    }

    /** Refuses every mail listing {@code txnId} for good (a 5xx to its content), like SmtpAlertSender classifies it. */
    private AlertSender rejecting(String txnId, int[] attempts) {
        return mail -> {
            if (mail.transactionIds().contains(txnId)) {
                attempts[0]++;
                throw AlertSendException.rejected("SMTP server did not accept the mail: 554 5.6.0 refused", null);
            }
            sent.add(mail.messageId());
        };
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters() {
        return producer.history().stream().filter(r -> r.topic().equals(DLQ)).toList();
    }

    private int indexOf(Predicate<ProducerRecord<byte[], byte[]>> which) {
        List<ProducerRecord<byte[], byte[]>> h = producer.history();
        for (int i = 0; i < h.size(); i++) {
            if (which.test(h.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Predicate<ProducerRecord<byte[], byte[]>> keyed(String key) {
        return r -> r.topic().equals(TOPIC) && new String(r.key(), StandardCharsets.UTF_8).equals(key);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

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
        return r.topic().equals(TOPIC) && new String(r.key(), StandardCharsets.UTF_8)
            .startsWith(SentLedger.INTENT_PREFIX) && r.value() != null;
    }

    private static boolean tombstone(ProducerRecord<byte[], byte[]> r) {
        return r.topic().equals(TOPIC) && r.value() == null;
    }

    private static boolean mark(ProducerRecord<byte[], byte[]> r) {
        return r.topic().equals(TOPIC) && !intent(r) && !tombstone(r);
    }

    private static List<String> ids(List<OutgoingMail> mails) {
        return mails.stream().flatMap(m -> m.mail.transactionIds().stream()).toList();
    }

    @Test
    void sentIdsAreForgottenInMemoryOnceTheTopicsRetentionHasPassed() {
        List<OutgoingMail> first = mails(3);
        Instant marked = Instant.now();
        delivery(failingAt()).deliver(first, LATER);
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
        BatchDelivery.Result r = delivery(failingAt()).deliver(batch, LATER);

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
        BatchDelivery delivery = delivery(failingAt(3));

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
        BatchDelivery delivery = delivery(failingAt());
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

        BatchDelivery.Result r = delivery(failingAt()).deliver(batch, LATER);
        assertThat(r.done()).isZero();
        assertThat(r.failure()).contains("could not record an alert mail");
        assertThat(sent).isEmpty();
        assertThat(batch).noneMatch(m -> m.intentRecorded);
    }

    @Test
    void pastTheDeadlineItStopsAfterOneMailAndLeavesTheRestRecordedForTheNextRound() {
        List<OutgoingMail> batch = mails(4);
        BatchDelivery.Result r = delivery(failingAt()).deliver(batch, clock.instant()
            .minusSeconds(1));
        assertThat(r).isEqualTo(new BatchDelivery.Result(1, null));
        assertThat(sent).hasSize(1);
        assertThat(batch.subList(1, 4)).allMatch(m -> m.intentRecorded && !m.accepted);
    }

    @Test
    void aMailRefusedForGoodIsRetriedUpToTheSetAttemptsThenGivenUpWithItsRecordsDeadLetteredBeforeItsMarks() {
        List<OutgoingMail> batch = mailsWithRecords(3);
        String refusedId = batch.get(1).mail.transactionIds().get(0);
        int[] attempts = {0};
        BatchDelivery delivery = delivery(rejecting(refusedId, attempts), 3);

        BatchDelivery.Result first = delivery.deliver(batch, LATER);
        assertThat(first.done()).isEqualTo(1);
        assertThat(first.failure()).contains("554 5.6.0 refused");
        assertThat(delivery.deliver(batch.subList(1, 3), LATER).done()).isZero(); // second refusal: still retried
        assertThat(deadLetters()).isEmpty();

        BatchDelivery.Result third = delivery.deliver(batch.subList(1, 3), LATER);
        assertThat(third).isEqualTo(new BatchDelivery.Result(2, null)); // given up, and the next mail went out
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(sent).containsExactly(batch.get(0).mail.messageId(), batch.get(2).mail.messageId());

        assertThat(deadLetters()).hasSize(1);
        ProducerRecord<byte[], byte[]> letter = deadLetters().get(0);
        PendingAlert.Source src = batch.get(1).sources.get(0);
        assertThat(letter.value()).isEqualTo(src.value());
        assertThat(letter.key()).isEqualTo(src.key());
        assertThat(header(letter, Headers.DLQ_REASON)).contains("permanently rejected after 3 attempt(s)",
            "554 5.6.0 refused", batch.get(1).mail.messageId());
        assertThat(header(letter, Headers.DLQ_SOURCE)).isEqualTo("alerts");
        assertThat(header(letter, Headers.DLQ_ORIGIN_TOPIC)).isEqualTo(BLOCKED.topic());
        // Dead letter, then its mark (as a sent mail's), then the intent's tombstone: a crash in between repeats the
        // dead letter after the restart, it never loses it.
        int dlq = indexOf(r -> r.topic().equals(DLQ));
        assertThat(dlq).isLessThan(indexOf(keyed(refusedId)));
        String intentKey = SentLedger.INTENT_PREFIX + batch.get(1).mail.messageId();
        assertThat(indexOf(keyed(refusedId))).isLessThan(indexOf(keyed(intentKey).and(r -> r.value() == null)));
        assertThat(ledger.contains(refusedId)).isTrue();
        assertThat(ledger.intentFor(refusedId)).isNull();
    }

    @Test
    void transientAndConfigurationFailuresAreRetriedWithoutLimitAndCarryTheirFix() {
        List<OutgoingMail> batch = mailsWithRecords(2);
        AlertSender misconfigured = m -> {
            throw AlertSendException.configuration("535 5.7.8 bad credentials", "fix 'smtp.password'", null);
        };
        BatchDelivery delivery = delivery(misconfigured, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(delivery.deliver(batch, LATER))
                .isEqualTo(new BatchDelivery.Result(0, "535 5.7.8 bad credentials", "fix 'smtp.password'"));
        }
        BatchDelivery flaky = delivery(m -> {
            throw new AlertSendException("451 try later", null);
        }, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(flaky.deliver(batch, LATER)).isEqualTo(new BatchDelivery.Result(0, "451 try later", null));
        }
        assertThat(deadLetters()).isEmpty();
        assertThat(keys(BatchDeliveryTest::mark)).isEmpty();
        assertThat(batch).allMatch(m -> m.givenUp == null);
    }

    @Test
    void aFailedDeadLetterWriteLeavesTheGivenUpMailUnmarkedAndTheRetryNeitherSendsNorDeadLettersItTwice() {
        List<OutgoingMail> batch = mailsWithRecords(2);
        String refusedId = batch.get(1).mail.transactionIds().get(0);
        int[] attempts = {0};
        BatchDelivery delivery = delivery(rejecting(refusedId, attempts), 1);
        producer.failOnce = r -> r.topic().equals(DLQ);

        BatchDelivery.Result first = delivery.deliver(batch, LATER);
        assertThat(first.done()).isZero();
        assertThat(first.failure()).contains("dead-letter topic " + DLQ);
        assertThat(keys(BatchDeliveryTest::mark)).isEmpty(); // no mark without its dead letter
        assertThat(ledger.contains(refusedId)).isFalse();

        assertThat(delivery.deliver(batch, LATER)).isEqualTo(new BatchDelivery.Result(2, null));
        assertThat(attempts[0]).isEqualTo(1);
        assertThat(sent).hasSize(1);
        assertThat(deadLetters()).hasSize(1);
        assertThat(keys(BatchDeliveryTest::mark)).containsExactlyElementsOf(ids(batch));
    }

    /**
     * A mail resent from the ledger (recorded before a crash) of which this instance read one member's record: given
     * up, it dead-letters and marks that member only and keeps the intent, so the other member, read later, gets the
     * same mail and the same treatment instead of being marked without a dead letter.
     */
    @Test
    void aGivenUpRecordedMailMarksOnlyTheMembersWhoseRecordsWereDeadLetteredUntilAllWere() {
        BlockedTransaction a = Fixtures.txn(account(801), 80_000, "Amount exceeds $50,000");
        BlockedTransaction b = Fixtures.txn(account(801), 81_000, "Amount exceeds $50,000");
        AlertMail mail = new AlertMailFormatter().format(List.of(a, b), Instant.parse("2026-11-24T18:00:05Z"));
        ledger.remember(mail); // as read back from the ledger topic
        int[] attempts = {0};
        BatchDelivery delivery = delivery(rejecting(a.transactionId(), attempts), 1);

        OutgoingMail first = OutgoingMail.recorded(mail);
        first.sources.add(record(a, 0));
        assertThat(delivery.deliver(List.of(first), LATER).done()).isEqualTo(1);
        assertThat(ledger.contains(a.transactionId())).isTrue();
        assertThat(ledger.contains(b.transactionId())).isFalse();
        assertThat(ledger.intentFor(b.transactionId())).isEqualTo(mail);
        assertThat(keys(BatchDeliveryTest::tombstone)).isEmpty();

        OutgoingMail second = OutgoingMail.recorded(mail);
        second.sources.add(record(b, 1));
        assertThat(delivery.deliver(List.of(second), LATER).done()).isEqualTo(1);
        assertThat(deadLetters()).extracting(ProducerRecord::value)
            .containsExactly(record(a, 0).value(), record(b, 1).value());
        assertThat(ledger.contains(b.transactionId())).isTrue();
        assertThat(keys(BatchDeliveryTest::tombstone)).containsExactly(SentLedger.INTENT_PREFIX + mail.messageId());
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(sent).isEmpty();
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
