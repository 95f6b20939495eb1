package dev.fraudwatch.alerts;

import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A qualifying blocked transaction waiting for its mail, with the records it came from (their offsets may not be
 * committed before the mail is accepted) and when it started waiting (for the group window).
 */
record PendingAlert(BlockedTransaction transaction, Instant since, List<Source> sources) {

    /**
     * One record of the alert: where it came from (its offset may not be committed before the mail is handled) and,
     * should the SMTP server refuse the mail for good, what goes to the dead-letter topic unchanged. The bytes are
     * kept only while the alert waits for its mail.
     */
    record Source(TopicPartition partition, long offset, String transactionId, byte[] key, byte[] value) {

        /** For tests that only care where a record came from. */
        Source(TopicPartition partition, long offset) {
            this(partition, offset, null, null, null);
        }
    }

    PendingAlert {
        sources = List.copyOf(sources);
    }

    PendingAlert mergedWith(BlockedTransaction other, Source source) {
        List<Source> all = new ArrayList<>(sources);
        all.add(source);
        return new PendingAlert(transaction.mergedWith(other), since, all);
    }
}
