package dev.fraudwatch.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
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
    private final Clock clock;

    BatchDelivery(SentLedger ledger, AlertSender sender, Clock clock) {
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * What came of a batch.
     *
     * @param done    how many mails, from the start of the batch, are marked sent (their offsets may be committed)
     * @param failure why the rest are not, to retry after a backoff; null when all are done or the time ran out
     */
    record Result(int done, String failure) {
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
        int accepted = 0;
        String failure = null;
        for (OutgoingMail m : batch) {
            if (!m.accepted) {
                if (accepted > 0 && clock.instant().isAfter(deadline.get())) {
                    break;
                }
                try {
                    sender.send(m.mail);
                } catch (AlertSendException e) {
                    failure = e.getMessage();
                    break;
                }
                m.accepted = true;
                LOG.info("Alert mail {} sent for {} blocked transaction(s): {}", m.mail.messageId(),
                    m.mail.transactionIds().size(), m.mail.transactionIds());
            }
            accepted++;
        }
        if (accepted == 0) {
            return new Result(0, failure);
        }
        try {
            ledger.markSent(batch.subList(0, accepted).stream().map(m -> m.mail).toList());
        } catch (SentLedger.LedgerException e) {
            return new Result(0, failure == null ? e.getMessage() : failure + "; " + e.getMessage());
        }
        return new Result(accepted, failure);
    }
}
