package dev.fraudwatch.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mail whose group is fixed: from here on it is sent exactly as it is, however often that takes. It moves through
 * three steps, each retried on failure without redoing the earlier ones: intent recorded in the {@link SentLedger},
 * accepted by the SMTP server, members marked sent (then the offsets of its records may be committed). A mail the
 * server refused for good ({@code alerts.retry.rejected-attempts} times) is given up instead of accepted: its
 * records go to the dead-letter topic, and then its members are marked as a sent mail's are.
 */
final class OutgoingMail {

    final AlertMail mail;
    /** The records of its members read by this instance: their offsets are held until the mail is marked sent. */
    final List<PendingAlert.Source> sources = new ArrayList<>();
    boolean intentRecorded;
    boolean accepted;
    /** Permanent refusals of this mail by the SMTP server so far. */
    int rejections;
    /** Why it was given up (the server's reply), or null while it is still to be sent. */
    String givenUp;
    /** Its records' dead letters were acknowledged; they are not written again when the marks are retried. */
    boolean deadLettered;

    private OutgoingMail(AlertMail mail, boolean intentRecorded) {
        this.mail = mail;
        this.intentRecorded = intentRecorded;
    }

    /** A group formed here: its intent is still to be written. */
    static OutgoingMail formed(AlertMail mail, List<PendingAlert> members) {
        OutgoingMail m = new OutgoingMail(mail, false);
        members.forEach(p -> m.sources.addAll(p.sources()));
        return m;
    }

    /** Accepted by the server or given up: ready for its members' marks. */
    boolean handled() {
        return accepted || givenUp != null;
    }

    /**
     * The batch's mail, or several when its intent would not fit in one ledger record of {@code maxIntentBytes} (a
     * group of very long records): halved until each fits. A single transaction always fits (records are at most
     * 64 KB).
     */
    static List<OutgoingMail> fitting(AlertMailFormatter formatter, List<PendingAlert> batch, Instant now,
                                      int maxIntentBytes) {
        AlertMail mail = formatter.format(batch.stream().map(PendingAlert::transaction).toList(), now);
        if (batch.size() == 1 || SentLedger.intentBytes(mail) <= maxIntentBytes) {
            return List.of(formed(mail, batch));
        }
        int half = batch.size() / 2;
        List<OutgoingMail> out = new ArrayList<>(fitting(formatter, batch.subList(0, half), now, maxIntentBytes));
        out.addAll(fitting(formatter, batch.subList(half, batch.size()), now, maxIntentBytes));
        return out;
    }

    /** An intent found in the ledger (written before a crash or by another instance): sent again as recorded. */
    static OutgoingMail recorded(AlertMail mail) {
        return new OutgoingMail(mail, true);
    }
}
