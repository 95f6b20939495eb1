package dev.fraudwatch.alerts;

import java.util.List;

/**
 * One alert mail ready to send.
 *
 * @param messageId      derived from the transaction ids, so a mail resent after a crash carries the same
 *                       Message-ID and a mail client can collapse the copies
 * @param transactionIds the blocked transactions it reports
 */
public record AlertMail(String subject, String body, List<String> transactionIds, String messageId) {

    public AlertMail {
        transactionIds = List.copyOf(transactionIds);
    }
}
