package dev.fraudwatch.alerts;

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
import java.util.function.Supplier;

/**
 * The alert loop: reads blocked transactions, groups the qualifying ones, and for each group records the mail as an
 * intent in the {@link SentLedger} (acks=all) before sending it, then marks its members sent; a record's offset is
 * committed only after that. Due mails go out in batches ({@link BatchDelivery}): each step once per batch. A
 * record whose transaction belongs to an intent not marked sent (the process died after recording it, or its
 * partition moved here) is never regrouped: exactly the recorded mail is sent again, so a duplicate can only be an
 * identical copy with the same Message-ID.
 *
 * <p>While the mail server or the ledger is failing, consumption is paused (polling continues, so the group
 * membership and {@code max.poll.interval.ms} stay satisfied) and the fixed mails are retried with exponential
 * backoff; a failure of the settings also says, once per streak, which setting to fix. A mail the server refuses
 * for good is given up to the dead-letter topic after {@link AlertsConfig#rejectedAttempts()} refusals
 * ({@link BatchDelivery}).
 *
 * <p>When anything else goes wrong in the poll loop (a commit that fails, also the one in the rebalance listener, a
 * dead letter that cannot be written, any unexpected exception), the loop does not end: its consumer is closed and,
 * after the backoff, a new one starts from the committed offsets with nothing in memory. What is read again is
 * sorted out by the ledger as after a crash: sent transactions are skipped, recorded mails resent as recorded.
 */
final class AlertEngine implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    /** Time spent sending before polling again, well inside max.poll.interval.ms. */
    private static final Duration SEND_BUDGET = Duration.ofSeconds(60);
    /**
     * Time left for sending once {@link #stop()} was called (the batch in hand and the flush on close together): well
     * inside the 60 s {@code AlertService.close()} waits for this thread before it closes the ledger's producer.
     */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(30);

    private final AlertsConfig config;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final SentLedger ledger;
    private final AlertSender sender;
    private final Clock clock;
    private final AlertPolicy policy;
    private final AlertGrouper grouper;
    private final AlertMailFormatter formatter = new AlertMailFormatter();
    private final BlockedRecordDecoder decoder;
    private final Backoff backoff;
    private final BatchDelivery delivery;
    private final DeadLetterWriter deadLetters;
    private final OffsetTracker offsets = new OffsetTracker();
    /** Notified by {@link #stop()}, so a wait before a restart ends at once. */
    private final Object stopSignal = new Object();
    /** Alerts not yet in a mail, by transaction id: still free to be grouped. */
    private final Map<String, PendingAlert> pending = new LinkedHashMap<>();
    /** Mails whose group is fixed, by Message-ID, in order; each is sent as it is before anything new. */
    private final Map<String, OutgoingMail> outgoing = new LinkedHashMap<>();

    private volatile boolean running = true;
    /** The consumer of the current run of the loop; a new one after each restart. */
    private volatile Consumer<byte[], byte[]> consumer;
    /** Restarts of the loop in a row, for the backoff; a run that lasted longer than the maximum backoff resets it. */
    private int restarts;
    /** A failure of the settings was explained in this streak of failures already. */
    private boolean fixLogged;
    /** When sending must end after {@link #stop()}; null until then. */
    private volatile Instant stopBy;
    /** Alerts waiting for their mail, readable from other threads (health, tests). */
    private volatile int waiting;
    private int failures;
    private Instant nextAttempt = Instant.MIN;
    private boolean paused;

    /**
     * @param consumers gives a new consumer (group {@link AlertsConfig#consumerGroup()}) for each run of the loop; the
     *                  engine closes each
     */
    AlertEngine(AlertsConfig config, Supplier<Consumer<byte[], byte[]>> consumers, Producer<byte[], byte[]> producer,
                SentLedger ledger, AlertSender sender, Clock clock) {
        this.config = config;
        this.consumers = consumers;
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
        this.policy = new AlertPolicy(config.threshold());
        this.grouper = new AlertGrouper(config.groupBy(), config.groupWindow(), config.groupMax());
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.deadLetters = new DeadLetterWriter(producer, config.deadLetterTopic());
        this.delivery = new BatchDelivery(ledger, sender, deadLetters, config.rejectedAttempts(), clock);
        this.decoder = new BlockedRecordDecoder(config.alertsTopic());
    }

    /**
     * Runs the loop until {@link #stop()}, on a new consumer after each failure of the loop. Ends by throwing only
     * when something other than a {@link RuntimeException} escapes (an {@link Error}).
     */
    @Override
    public void run() {
        while (running) {
            long started = System.nanoTime();
            Consumer<byte[], byte[]> c = null;
            RuntimeException failure = null;
            try {
                c = consumers.get();
                consumer = c;
                if (running) { // stop() may have woken the previous consumer just before this one was set
                    loop(c);
                }
            } catch (RuntimeException e) {
                failure = e;
                if (c != null) {
                    commitQuietly();
                }
            } finally {
                if (c != null) {
                    close(c);
                }
            }
            if (failure != null && running) {
                if (System.nanoTime() - started > config.maxBackoff().toNanos()) {
                    restarts = 0; // it ran well for a while: this is a new streak, not the same failure again
                }
                restartAfter(failure);
            }
        }
    }

    /** One run of the poll loop on {@code c}; returns when stopped, after mailing what waits (within the budget). */
    private void loop(Consumer<byte[], byte[]> c) {
        c.subscribe(List.of(config.blockedTopic(), config.alertsTopic()), new Rebalance(c));
        boolean stopped = false;
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(pollTimeout())) {
                    handle(r);
                    // Only once handled: a record whose dead letter could not be written ends this run and must not
                    // be committed on the way out.
                    offsets.consumed(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
                sendDue(false);
                commit();
                waiting = pending.size() + outgoing.values().stream().mapToInt(o -> o.mail.transactionIds().size()).sum();
            }
            stopped = true;
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            stopped = true;
        } finally {
            try {
                if (stopped) {
                    // Best effort on shutdown: mail what is waiting; whatever fails stays uncommitted and is read
                    // again.
                    if (failures == 0 && (!pending.isEmpty() || !outgoing.isEmpty())) {
                        sendDue(true);
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

    /** Commits what is safe if the failed consumer still can: records read again would only be skipped. */
    private void commitQuietly() {
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.debug("Commit before restarting the alert loop failed too: {}", e.toString());
        }
    }

    /**
     * The loop failed and its consumer is closed: forget everything in memory and wait the backoff before {@link
     * #run()} starts a new consumer from the committed offsets.
     */
    private void restartAfter(RuntimeException cause) {
        forgetAll();
        restarts++;
        Duration delay = backoff.delayAfter(restarts);
        LOG.error("The alert loop failed ({}); its consumer is closed and a new one starts from the committed offsets"
            + " in {} ms (restart {} in a row). Records read again are skipped if already mailed, and recorded mails"
            + " are resent as recorded.", cause.toString(), delay.toMillis(), restarts, cause);
        awaitStopOr(delay);
    }

    /** Waits {@code delay}, or less when {@link #stop()} is called meanwhile. */
    private void awaitStopOr(Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        synchronized (stopSignal) {
            long left;
            while (running && (left = end - System.nanoTime()) > 0) {
                try {
                    stopSignal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void close(Consumer<byte[], byte[]> c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            // Closing leaves the group, which runs the rebalance listener; its commit may fail again.
            LOG.debug("Closing the alert consumer failed: {}", e.toString());
        }
    }

    /** Drops every waiting alert and fixed mail: their records are read again (uncommitted), sorted by the ledger. */
    private void forgetAll() {
        pending.clear();
        outgoing.clear();
        offsets.clear();
        failures = 0;
        fixLogged = false;
        paused = false;
        nextAttempt = Instant.MIN;
        waiting = 0;
    }

    int waiting() {
        return waiting;
    }

    void stop() {
        stopBy = clock.instant().plus(CLOSE_BUDGET);
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
    }

    private Duration pollTimeout() {
        Instant now = clock.instant();
        if (failures == 0 && !outgoing.isEmpty()) {
            return Duration.ZERO; // the send budget ran out with mails left
        }
        Instant next = failures > 0 ? nextAttempt : grouper.nextDue(pending.values());
        if (next == null) {
            return MAX_POLL;
        }
        Duration d = Duration.between(now, next);
        return d.isNegative() ? Duration.ZERO : (d.compareTo(MAX_POLL) > 0 ? MAX_POLL : d);
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
            outgoing.computeIfAbsent(intended.messageId(), k -> {
                LOG.info("Transaction {} belongs to alert mail {} recorded but not marked sent; sending that mail"
                    + " again as recorded", t.transactionId(), k);
                return OutgoingMail.recorded(intended);
            }).sources.add(source);
            return;
        }
        if (!policy.qualifies(t)) {
            return;
        }
        offsets.hold(tp, r.offset());
        PendingAlert existing = pending.get(t.transactionId());
        pending.put(t.transactionId(), existing != null ? existing.mergedWith(t, source)
            : new PendingAlert(t, clock.instant(), List.of(source)));
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

    private void sendDue(boolean flushAll) {
        Instant start = clock.instant();
        if (failures > 0 && start.isBefore(nextAttempt)) {
            return;
        }
        for (List<PendingAlert> batch : grouper.due(pending.values(), start, flushAll)) {
            batch.forEach(p -> pending.remove(p.transaction().transactionId()));
            for (OutgoingMail m : fitting(formatter, batch, start, SentLedger.MAX_INTENT_BYTES)) {
                ledger.remember(m.mail);
                outgoing.put(m.mail.messageId(), m);
            }
        }
        Instant budget = start.plus(SEND_BUDGET);
        Supplier<Instant> deadline = () -> {
            Instant by = stopBy;
            return by != null && by.isBefore(budget) ? by : budget;
        };
        while (!outgoing.isEmpty() && !clock.instant().isAfter(deadline.get())) {
            List<OutgoingMail> batch = outgoing.values().stream().limit(BatchDelivery.MAX_BATCH).toList();
            BatchDelivery.Result r = delivery.deliver(batch, deadline);
            for (OutgoingMail m : batch.subList(0, r.done())) {
                outgoing.remove(m.mail.messageId());
                m.sources.forEach(src -> offsets.release(src.partition(), src.offset()));
            }
            if (r.failure() != null) {
                failed(r.failure(), r.fix(), outgoing.values().stream().mapToInt(o -> o.mail.transactionIds().size())
                    .sum());
                return;
            }
        }
        if (outgoing.isEmpty() && pending.isEmpty()) {
            sender.disconnect(); // nothing waits: don't hold the server's connection
        }
        recovered();
    }

    /**
     * The batch's mail, or several when its intent would not fit in one ledger record of {@code maxIntentBytes} (a
     * group of very long records): halved until each fits. A single transaction always fits (records are at most
     * 64 KB). Package-private and static for its test.
     */
    static List<OutgoingMail> fitting(AlertMailFormatter formatter, List<PendingAlert> batch, Instant now,
                                      int maxIntentBytes) {
        AlertMail mail = formatter.format(batch.stream().map(PendingAlert::transaction).toList(), now);
        if (batch.size() == 1 || SentLedger.intentBytes(mail) <= maxIntentBytes) {
            return List.of(OutgoingMail.formed(mail, batch));
        }
        int half = batch.size() / 2;
        List<OutgoingMail> out = new ArrayList<>(fitting(formatter, batch.subList(0, half), now, maxIntentBytes));
        out.addAll(fitting(formatter, batch.subList(half, batch.size()), now, maxIntentBytes));
        return out;
    }

    private void failed(String why, String fix, int size) {
        sender.disconnect(); // a retry after the backoff starts on a fresh connection
        failures++;
        Duration delay = backoff.delayAfter(failures);
        nextAttempt = clock.instant().plus(delay);
        LOG.warn("{} ({} transaction(s) waiting, attempt {}); retrying in {} ms", why, size, failures,
            delay.toMillis());
        if (fix != null && !fixLogged) {
            // Once per streak: the same advice on every attempt (up to one a minute) would bury everything else.
            fixLogged = true;
            LOG.error("Alert mails cannot be delivered until a setting is fixed. {} Delivery is retried with"
                + " backoff meanwhile and resumes by itself once the setting works; no alert is dropped.", fix);
        }
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
        fixLogged = false;
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
     * On revocation, commit what is safe, forget every waiting alert and fixed mail, and move retained partitions
     * back to their commit point so those alerts are read again (by us or the new owner, which finds a recorded
     * intent in the ledger and sends that mail as recorded); on assignment, re-read the ledger so what other
     * instances mailed or intended counts too.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> consumer;

        Rebalance(Consumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

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
            forgetAll();
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
            forgetAll();
        }
    }
}
