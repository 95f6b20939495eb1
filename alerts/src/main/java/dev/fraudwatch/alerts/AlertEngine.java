package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The alert loop: reads blocked transactions, groups the qualifying ones, and for each group records the mail as an
 * intent in the {@link SentLedger} (acks=all) before sending it, then marks its members sent; a record's offset is
 * committed only after that. Due mails go out in batches ({@link BatchDelivery}): each step once per batch. A
 * record whose transaction belongs to an intent not marked sent (the process died after recording it, or its
 * partition moved here) is never regrouped: exactly the recorded mail is sent again, so a duplicate can only be an
 * identical copy with the same Message-ID.
 *
 * <p>This class reads, decides and commits; the parts with state of their own sit beside it: {@link AlertOutbox}
 * (grouping, sending, pausing consumption and retrying with backoff while the mail server or the ledger fails, giving
 * up a mail the server refuses for good), {@link AlertRebalanceListener} (offsets and memory when partitions move)
 * and {@link LoopSupervisor} (a failed run of the loop closes its consumer and, after the backoff, a new one starts
 * from the committed offsets with nothing in memory; what is read again is sorted out by the ledger as after a
 * crash: sent transactions are skipped, recorded mails resent as recorded).
 */
final class AlertEngine implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    /**
     * Time left for sending once {@link #stop()} was called (the batch in hand and the flush on close together): well
     * inside the 60 s {@code AlertService.close()} waits for this thread before it closes the ledger's producer.
     */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(30);

    private final AlertsConfig config;
    private final SentLedger ledger;
    private final AlertSender sender;
    private final Clock clock;
    private final AlertPolicy policy;
    private final BlockedRecordDecoder decoder;
    private final DeadLetterWriter deadLetters;
    private final OffsetTracker offsets = new OffsetTracker();
    private final AlertOutbox outbox;
    private final LoopSupervisor supervisor;

    /** The consumer of the current run of the loop (engine thread only). */
    private Consumer<byte[], byte[]> consumer;
    /** When sending must end after {@link #stop()}; null until then. */
    private volatile Instant stopBy;
    /** Alerts waiting for their mail, readable from other threads (health, tests). */
    private volatile int waiting;

    /**
     * @param consumers gives a new consumer (group {@link AlertsConfig#consumerGroup()}) for each run of the loop; the
     *                  engine closes each
     */
    AlertEngine(AlertsConfig config, Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer,
                SentLedger ledger, AlertSender sender, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
        this.policy = new AlertPolicy(config.threshold());
        Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.deadLetters = new DeadLetterWriter(producer, config.deadLetterTopic());
        BatchDelivery delivery = new BatchDelivery(ledger, sender, deadLetters, config.rejectedAttempts(), clock);
        this.decoder = new BlockedRecordDecoder(config.alertsTopic());
        AlertGrouper grouper = new AlertGrouper(config.groupBy(), config.groupWindow(), config.groupMax());
        this.outbox = new AlertOutbox(ledger, sender, grouper, delivery, backoff, offsets, clock, () -> stopBy);
        this.supervisor = new LoopSupervisor(consumers, backoff, new LoopSupervisor.Loop() {
            @Override
            public void runOn(Consumer<byte[], byte[]> c) {
                loop(c);
            }

            @Override
            public void commitQuietly() {
                AlertEngine.this.commitQuietly();
            }

            @Override
            public void forgetAll() {
                AlertEngine.this.forgetAll();
            }
        });
    }

    /**
     * Runs the loop until {@link #stop()}, on a new consumer after each failure of the loop. Ends by throwing only
     * when something other than a {@link RuntimeException} escapes (an {@link Error}).
     */
    @Override
    public void run() {
        supervisor.run();
    }

    int waiting() {
        return waiting;
    }

    void stop() {
        stopBy = clock.instant().plus(CLOSE_BUDGET);
        supervisor.stop();
    }

    /** One run of the poll loop on {@code c}; returns when stopped, after mailing what waits (within the budget). */
    private void loop(Consumer<byte[], byte[]> c) {
        consumer = c;
        c.subscribe(List.of(config.blockedTopic(), config.alertsTopic()),
            new AlertRebalanceListener(c, offsets, ledger, this::commit, this::forgetAll, outbox::failing));
        boolean stopped = false;
        try {
            while (supervisor.running()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(outbox.pollTimeout())) {
                    handle(r);
                    // Only once handled: a record whose dead letter could not be written ends this run and must not
                    // be committed on the way out.
                    offsets.consumed(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
                outbox.sendDue(false, c);
                commit();
                waiting = outbox.waiting();
            }
            stopped = true;
        } catch (WakeupException e) {
            if (supervisor.running()) {
                throw e;
            }
            stopped = true;
        } finally {
            try {
                if (stopped) {
                    // Best effort on shutdown: mail what is waiting; whatever fails stays uncommitted and is read
                    // again.
                    if (outbox.worthFlushing()) {
                        outbox.sendDue(true, c);
                    }
                    try {
                        commit();
                    } catch (WakeupException e) {
                        // stop()'s wakeup can land here instead of in poll(); it fires once, so the second try runs.
                        commit();
                    }
                }
            } finally {
                sender.disconnect();
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.value() == null) {
            return;
        }
        BlockedTransaction t;
        try {
            t = decoder.decode(r.topic(), r.value());
        } catch (RuntimeException e) {
            deadLetter(r, e.getMessage());
            return;
        }
        if (t == null) {
            return;
        }
        if (ledger.contains(t.transactionId())) {
            LOG.debug("Transaction {} was already alerted; skipping the record from {}", t.transactionId(), r.topic());
            return;
        }
        PendingAlert.Source source = new PendingAlert.Source(tp, r.offset(), t.transactionId(), r.key(), r.value());
        // Before the policy: a mail recorded as intended goes out as recorded even if its member would no longer
        // qualify (a changed threshold): it may already be in the analyst's inbox.
        AlertMail intended = ledger.intentFor(t.transactionId());
        if (intended != null) {
            offsets.hold(tp, r.offset());
            outbox.addToRecorded(intended, t.transactionId(), source);
            return;
        }
        if (!policy.qualifies(t)) {
            return;
        }
        offsets.hold(tp, r.offset());
        outbox.add(t, source);
    }

    /** Throws when the dead letter cannot be written: the loop restarts and reads the record again. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        LOG.warn("Unreadable record at {}-{}@{} sent to {}: {}", r.topic(), r.partition(), r.offset(),
            config.deadLetterTopic(), reason);
        try {
            deadLetters.write(List.of(deadLetters.letter(r.topic(), r.key(), r.value(), reason)));
        } catch (DeadLetterWriter.WriteException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> o = offsets.toCommit();
        if (!o.isEmpty()) {
            consumer.commitSync(o);
            offsets.markCommitted(o);
        }
    }

    /** Commits what is safe if the failed consumer still can: records read again would only be skipped. */
    private void commitQuietly() {
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.debug("Commit before restarting the alert loop failed too: {}", e.toString());
        }
    }

    /** Drops every waiting alert and fixed mail: their records are read again (uncommitted), sorted by the ledger. */
    private void forgetAll() {
        outbox.clear();
        offsets.clear();
        waiting = 0;
    }
}
