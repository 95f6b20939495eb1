package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * Keeps the engine's offsets and memory consistent when partitions move. On revocation, commit what is safe, forget
 * every waiting alert and fixed mail, and move retained partitions back to their commit point so those alerts are
 * read again (by us or the new owner, which finds a recorded intent in the ledger and sends that mail as recorded);
 * on assignment, re-read the ledger so what other instances mailed or intended counts too, and keep the new
 * partitions paused while delivery is failing.
 */
final class AlertRebalanceListener implements ConsumerRebalanceListener {

    private final Consumer<byte[], byte[]> consumer;
    private final OffsetTracker offsets;
    private final SentLedger ledger;
    /** Commits what {@link #offsets} allows on {@link #consumer}; throws when the commit fails. */
    private final Runnable commit;
    /** Drops every waiting alert and fixed mail and the offsets held for them. */
    private final Runnable forgetAll;
    private final BooleanSupplier deliveryFailing;

    AlertRebalanceListener(Consumer<byte[], byte[]> consumer, OffsetTracker offsets, SentLedger ledger,
                           Runnable commit, Runnable forgetAll, BooleanSupplier deliveryFailing) {
        this.consumer = consumer;
        this.offsets = offsets;
        this.ledger = ledger;
        this.commit = commit;
        this.forgetAll = forgetAll;
        this.deliveryFailing = deliveryFailing;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        commit.run();
        consumer.resume(consumer.paused());
        Collection<TopicPartition> kept = new ArrayList<>(consumer.assignment());
        kept.removeAll(revoked);
        for (TopicPartition tp : kept) {
            if (offsets.partitions().contains(tp)) {
                consumer.seek(tp, offsets.committable(tp));
            }
        }
        forgetAll.run();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        ledger.reload();
        if (deliveryFailing.getAsBoolean()) {
            consumer.pause(assigned);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        consumer.resume(consumer.paused());
        forgetAll.run();
    }
}
