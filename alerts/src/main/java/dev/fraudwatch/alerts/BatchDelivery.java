package dev.fraudwatch.alerts;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Delivers a batch of fixed mails in the order of the guarantee, each step once for the whole batch instead of once
 * per mail: (1) the intents of all mails not yet recorded, one awaited round trip; (2) the mails, one after the
 * other, over the sender's kept connection; (3) the members of every accepted mail marked sent, awaited, then their
 * intents deleted, awaited. No mail is sent before its intent was acknowledged, and no intent is deleted before all
 * its members' marks were: what a crash can leave behind is what it could leave with one mail at a time.
 *
 * <p>When mail k fails, mails 1..k-1 are accepted and still marked sent now (step 3 runs for them); k and the rest
 * keep their flags in {@link OutgoingMail} and are retried later from where they stopped.
 *
 * <p>A mail the server refuses for good (a {@link AlertSendException.Kind#REJECTED rejection}) is retried like any
 * failure until it was refused {@code rejectedAttempts} times; then it is given up and the batch goes on with the
 * next mail. Before step 3, the records of every given-up mail go to the dead-letter topic (awaited); step 3 then
 * marks them as it marks a sent mail's, so a restart does not try them again. A crash between the dead letters and
 * the marks sends the recorded mail again after the restart: refused again, its dead letters are written a second
 * time (a duplicate, never a loss); accepted (the server changed its mind), it is mailed as well.
 */
final class BatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
    /**
     * Most mails per batch: bounds the intents recorded ahead of their sends (each resent as recorded after a crash)
     * and the time between one mail's send and its sent mark.
     */
    static final int MAX_BATCH = 200;

    private final SentLedger ledger;
    private final AlertSender sender;
    private final DeadLetterWriter deadLetters;
    private final int rejectedAttempts;
    private final Clock clock;

    BatchDelivery(SentLedger ledger, AlertSender sender, DeadLetterWriter deadLetters, int rejectedAttempts,
                  Clock clock) {
        this.ledger = ledger;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.rejectedAttempts = rejectedAttempts;
        this.clock = clock;
    }

    /**
     * What came of a batch.
     *
     * @param done    how many mails, from the start of the batch, are marked handled (sent, or given up and
     *                dead-lettered); their offsets may be committed
     * @param failure why the rest are not, to retry after a backoff; null when all are done or the time ran out
     * @param fix     when the failure is one of the settings, the sentence naming the setting to fix; else null
     */
    record Result(int done, String failure, String fix) {
        Result(int done, String failure) {
            this(done, failure, null);
        }
    }

    /**
     * Delivers {@code batch} (at most {@link #MAX_BATCH}); stops sending after {@code deadline} once at least one
     * mail went out, leaving the rest (intents recorded) for the next call.
     */
    Result deliver(List<OutgoingMail> batch, Instant deadline) {
        return deliver(batch, () -> deadline);
    }

    /** As above, with a deadline read before each mail: the engine's stop() moves it closer while a batch runs. */
    Result deliver(List<OutgoingMail> batch, Supplier<Instant> deadline) {
        List<AlertMail> unrecorded = batch.stream().filter(m -> !m.intentRecorded).map(m -> m.mail).toList();
        if (!unrecorded.isEmpty()) {
            try {
                ledger.recordIntents(unrecorded);
            } catch (SentLedger.LedgerException e) {
                return new Result(0, e.getMessage());
            }
            batch.forEach(m -> m.intentRecorded = true);
        }
        int handled = 0;
        AlertSendException failure = null;
        for (OutgoingMail m : batch) {
            if (!m.handled()) {
                if (handled > 0 && clock.instant().isAfter(deadline.get())) {
                    break;
                }
                try {
                    sender.send(m.mail);
                    m.accepted = true;
                    LOG.info("Alert mail {} sent for {} blocked transaction(s): {}", m.mail.messageId(),
                        m.mail.transactionIds().size(), m.mail.transactionIds());
                } catch (AlertSendException e) {
                    if (e.kind() != AlertSendException.Kind.REJECTED || ++m.rejections < rejectedAttempts) {
                        failure = e;
                        break;
                    }
                    giveUp(m, e);
                }
            }
            handled++;
        }
        String why = failure == null ? null : failure.getMessage();
        String fix = failure == null ? null : failure.fix();
        if (handled == 0) {
            return new Result(0, why, fix);
        }
        List<OutgoingMail> done = batch.subList(0, handled);
        try {
            writeDeadLetters(done);
            ledger.mark(done.stream().map(BatchDelivery::marks).toList());
        } catch (SentLedger.LedgerException | DeadLetterWriter.WriteException e) {
            return new Result(0, why == null ? e.getMessage() : why + "; " + e.getMessage(), fix);
        }
        return new Result(handled, why, fix);
    }

    private void giveUp(OutgoingMail m, AlertSendException e) {
        m.givenUp = "alert mail " + m.mail.messageId() + " permanently rejected after " + m.rejections
            + " attempt(s): " + e.getMessage();
        LOG.error("Giving up alert mail {} for {} blocked transaction(s) {}: the SMTP server refused it {} time(s)"
                + " ({}); its {} record(s) go to the dead-letter topic {} with that reason, and the next alerts are"
                + " sent", m.mail.messageId(), m.mail.transactionIds().size(), m.mail.transactionIds(), m.rejections,
            e.getMessage(), m.sources.size(), deadLetters.topic());
    }

    private void writeDeadLetters(List<OutgoingMail> done) throws DeadLetterWriter.WriteException {
        List<OutgoingMail> givenUp = done.stream().filter(m -> m.givenUp != null && !m.deadLettered).toList();
        if (givenUp.isEmpty()) {
            return;
        }
        List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        for (OutgoingMail m : givenUp) {
            for (PendingAlert.Source src : m.sources) {
                letters.add(deadLetters.letter(src.partition().topic(), src.key(), src.value(), m.givenUp));
            }
        }
        deadLetters.write(letters);
        givenUp.forEach(m -> m.deadLettered = true);
    }

    /**
     * A sent mail marks all its members. A given-up one marks those whose records went to the dead-letter topic:
     * all of them for a mail grouped here; for a recorded mail resent from the ledger, maybe only some (the others
     * are read later, or by another instance, and dead-lettered then).
     */
    private static SentLedger.Marks marks(OutgoingMail m) {
        if (m.accepted) {
            return SentLedger.Marks.all(m.mail);
        }
        List<String> ids = m.sources.stream().map(PendingAlert.Source::transactionId)
            .filter(m.mail.transactionIds()::contains).distinct().toList();
        return new SentLedger.Marks(m.mail, ids);
    }
}
