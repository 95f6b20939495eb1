package dev.fraudwatch.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One alert mail ready to send. Recorded in the {@link SentLedger} as an intent before it is sent, so that after
 * a crash exactly this mail (same members, Message-ID, subject, body and date) is sent again, never a regrouped one.
 *
 * @param messageId      derived from the transaction ids, so a mail resent after a crash carries the same
 *                       Message-ID and a mail client can collapse the copies
 * @param transactionIds the blocked transactions it reports
 * @param date           the mail's Date header: when the group was formed, so a resend carries the same one
 */
public record AlertMail(String subject, String body, List<String> transactionIds, String messageId, Instant date) {

    public AlertMail {
        transactionIds = List.copyOf(transactionIds);
    }
}
