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

    /** Where one record came from. */
    record Source(TopicPartition partition, long offset) {
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
