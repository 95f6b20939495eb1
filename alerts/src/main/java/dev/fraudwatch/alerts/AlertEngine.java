package dev.fraudwatch.alerts;

import dev.fraudwatch.kafka.DeadLetters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The alert loop: reads blocked transactions, mails the qualifying ones (grouped), and commits a record's offset
 * only after the mail covering it was accepted and its transaction id recorded in the {@link SentLedger}.
 *
 * <p>While the mail server is failing, consumption is paused (polling continues, so the group membership and
 * {@code max.poll.interval.ms} stay satisfied) and the waiting mails are retried with exponential backoff.
 */
final class AlertEngine implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    /** Time spent sending before polling again, well inside max.poll.interval.ms. */
    private static final Duration SEND_BUDGET = Duration.ofSeconds(60);

    private final AlertsConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final SentLedger ledger;
    private final AlertSender sender;
    private final Clock clock;
    private final AlertPolicy policy;
    private final AlertGrouper grouper;
    private final AlertMailFormatter formatter = new AlertMailFormatter();
    private final BlockedRecordDecoder decoder;
    private final Backoff backoff;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<String, PendingAlert> pending = new LinkedHashMap<>();
    /** Mailed but not yet in the ledger (the ledger write failed); retried before anything else. */
    private final List<PendingAlert> unrecorded = new ArrayList<>();

    private volatile boolean running = true;
    /** Alerts waiting for their mail, readable from other threads (health, tests). */
    private volatile int waiting;
    private int failures;
    private Instant nextAttempt = Instant.MIN;
    private boolean paused;

    AlertEngine(AlertsConfig config, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                SentLedger ledger, AlertSender sender, Clock clock) {
        this.config = config;
        this.consumer = consumer;
        this.producer = producer;
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
        this.policy = new AlertPolicy(config.threshold());
        this.grouper = new AlertGrouper(config.groupBy(), config.groupWindow(), config.groupMax());
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.decoder = new BlockedRecordDecoder(config.alertsTopic());
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(config.blockedTopic(), config.alertsTopic()), new Rebalance());
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollTimeout())) {
                    handle(r);
                }
                sendDue(false);
                commit();
                waiting = pending.size();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            // Best effort on shutdown: mail what is waiting; whatever fails stays uncommitted and is read again.
            if (failures == 0 && !pending.isEmpty()) {
                sendDue(true);
            }
            try {
                commit();
            } catch (WakeupException e) {
                // stop()'s wakeup can land here instead of in poll(); it fires once, so the second try runs.
                commit();
            }
        }
    }

    int waiting() {
        return waiting;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private Duration pollTimeout() {
        Instant now = clock.instant();
        Instant next = failures > 0 ? nextAttempt : grouper.nextDue(pending.values());
        if (next == null) {
            return MAX_POLL;
        }
        Duration d = Duration.between(now, next);
        return d.isNegative() ? Duration.ZERO : (d.compareTo(MAX_POLL) > 0 ? MAX_POLL : d);
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        offsets.consumed(tp, r.offset());
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
        if (t == null || !policy.qualifies(t)) {
            return;
        }
        if (ledger.contains(t.transactionId())) {
            LOG.debug("Transaction {} was already alerted; skipping the record from {}", t.transactionId(), r.topic());
            return;
        }
        PendingAlert.Source source = new PendingAlert.Source(tp, r.offset());
        offsets.hold(tp, r.offset());
        PendingAlert existing = pending.get(t.transactionId());
        pending.put(t.transactionId(), existing != null ? existing.mergedWith(t, source)
            : new PendingAlert(t, clock.instant(), List.of(source)));
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        LOG.warn("Unreadable record at {}-{}@{} sent to {}: {}", r.topic(), r.partition(), r.offset(),
            config.deadLetterTopic(), reason);
        try {
            producer.send(DeadLetters.record(config.deadLetterTopic(), r.topic(), r.key(), r.value(), "alerts", null,
                reason)).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to the dead-letter topic " + config.deadLetterTopic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        }
    }

    private void sendDue(boolean flushAll) {
        Instant start = clock.instant();
        if (failures > 0 && start.isBefore(nextAttempt)) {
            return;
        }
        if (!unrecorded.isEmpty() && !record(List.copyOf(unrecorded))) {
            return;
        }
        unrecorded.clear();
        for (List<PendingAlert> batch : grouper.due(pending.values(), start, flushAll)) {
            List<BlockedTransaction> txns = batch.stream().map(PendingAlert::transaction).toList();
            AlertMail mail = formatter.format(txns);
            try {
                sender.send(mail);
            } catch (AlertSendException e) {
                failed(e.getMessage(), txns.size());
                return;
            }
            LOG.info("Alert mail sent for {} blocked transaction(s): {}", txns.size(), mail.transactionIds());
            batch.forEach(p -> pending.remove(p.transaction().transactionId()));
            if (!record(batch)) {
                unrecorded.addAll(batch);
                return;
            }
            if (Duration.between(start, clock.instant()).compareTo(SEND_BUDGET) > 0) {
                break;
            }
        }
        recovered();
    }

    /** Writes the batch to the ledger and frees its offsets; on failure backs off like a mail failure. */
    private boolean record(List<PendingAlert> batch) {
        try {
            ledger.markSent(batch.stream().map(p -> p.transaction().transactionId()).toList());
        } catch (SentLedger.LedgerException e) {
            failed(e.getMessage(), batch.size());
            return false;
        }
        for (PendingAlert p : batch) {
            p.sources().forEach(s -> offsets.release(s.partition(), s.offset()));
        }
        return true;
    }

    private void failed(String why, int size) {
        failures++;
        Duration delay = backoff.delayAfter(failures);
        nextAttempt = clock.instant().plus(delay);
        LOG.warn("{} ({} transaction(s) waiting, attempt {}); retrying in {} ms", why, size, failures,
            delay.toMillis());
        if (!paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        }
    }

    private void recovered() {
        if (failures > 0) {
            LOG.info("Alert delivery recovered after {} failed attempt(s)", failures);
        }
        failures = 0;
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> o = offsets.toCommit();
        if (!o.isEmpty()) {
            consumer.commitSync(o);
            offsets.markCommitted(o);
        }
    }

    /**
     * On revocation, commit what is safe, forget every waiting alert and move retained partitions back to their
     * commit point so those alerts are read again (by us or the new owner); on assignment, re-read the ledger so
     * ids other instances mailed count too.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            commit();
            consumer.resume(consumer.paused());
            Collection<TopicPartition> kept = new ArrayList<>(consumer.assignment());
            kept.removeAll(revoked);
            for (TopicPartition tp : kept) {
                if (offsets.partitions().contains(tp)) {
                    consumer.seek(tp, offsets.committable(tp));
                }
            }
            pending.clear();
            unrecorded.clear();
            offsets.clear();
            failures = 0;
            paused = false;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            ledger.reload();
            if (failures > 0) {
                consumer.pause(assigned);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            consumer.resume(consumer.paused());
            pending.clear();
            unrecorded.clear();
            offsets.clear();
            failures = 0;
            paused = false;
        }
    }
}
