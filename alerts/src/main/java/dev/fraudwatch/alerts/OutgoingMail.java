package dev.fraudwatch.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail whose group is fixed: from here on it is sent exactly as it is, however often that takes. It moves through
 * three steps, each retried on failure without redoing the earlier ones: intent recorded in the {@link SentLedger},
 * accepted by the SMTP server, members marked sent (then the offsets of its records may be committed).
 */
final class OutgoingMail {

    final AlertMail mail;
    /** The records of its members read by this instance: their offsets are held until the mail is marked sent. */
    final List<PendingAlert.Source> sources = new ArrayList<>();
    boolean intentRecorded;
    boolean accepted;

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

    /** An intent found in the ledger (written before a crash or by another instance): sent again as recorded. */
    static OutgoingMail recorded(AlertMail mail) {
        return new OutgoingMail(mail, true);
    }
}
