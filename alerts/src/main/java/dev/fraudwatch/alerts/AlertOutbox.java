package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the engine has read but not yet mailed, and getting it out on time. Exists so the poll loop only reads and
 * commits: this groups the alerts that fall due into mails, records each as an intent before it is sent
 * ({@link BatchDelivery}), releases the offsets of what was handled, and while delivery fails pauses consumption and
 * retries the fixed mails with exponential backoff, saying once per streak which setting to fix.
 */
final class AlertOutbox {

    // The engine's category, as before this moved out of it: log filters and alarms on it keep matching.
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    /** Time spent sending before polling again, well inside max.poll.interval.ms. */
    private static final Duration SEND_BUDGET = Duration.ofSeconds(60);

    private final SentLedger ledger;
    private final AlertSender sender;
    private final AlertGrouper grouper;
    private final AlertMailFormatter formatter = new AlertMailFormatter();
    private final BatchDelivery delivery;
    private final Backoff backoff;
    private final OffsetTracker offsets;
    private final Clock clock;
    /** When sending must end after the engine was stopped; gives null until then. */
    private final Supplier<Instant> stopBy;
    /** Alerts not yet in a mail, by transaction id: still free to be grouped. */
    private final Map<String, PendingAlert> pending = new LinkedHashMap<>();
    /** Mails whose group is fixed, by Message-ID, in order; each is sent as it is before anything new. */
    private final Map<String, OutgoingMail> outgoing = new LinkedHashMap<>();

    /** A failure of the settings was explained in this streak of failures already. */
    private boolean fixLogged;
    private int failures;
    private Instant nextAttempt = Instant.MIN;
    private boolean paused;

    AlertOutbox(SentLedger ledger, AlertSender sender, AlertGrouper grouper, BatchDelivery delivery, Backoff backoff,
                OffsetTracker offsets, Clock clock, Supplier<Instant> stopBy) {
        this.ledger = ledger;
        this.sender = sender;
        this.grouper = grouper;
        this.delivery = delivery;
        this.backoff = backoff;
        this.offsets = offsets;
        this.clock = clock;
        this.stopBy = stopBy;
    }

    /** A qualifying alert, free to be grouped (merged with the same transaction's alert from the other topic). */
    void add(BlockedTransaction t, PendingAlert.Source source) {
        PendingAlert existing = pending.get(t.transactionId());
        pending.put(t.transactionId(), existing != null ? existing.mergedWith(t, source)
            : new PendingAlert(t, clock.instant(), List.of(source)));
    }

    /** A record of a mail recorded as intended but not marked sent: that mail goes out again as recorded. */
    void addToRecorded(AlertMail intended, String transactionId, PendingAlert.Source source) {
        outgoing.computeIfAbsent(intended.messageId(), k -> {
            LOG.info("Transaction {} belongs to alert mail {} recorded but not marked sent; sending that mail"
                + " again as recorded", transactionId, k);
            return OutgoingMail.recorded(intended);
        }).sources.add(source);
    }

    /** How long the next poll may block: until the next group falls due or the next retry, at most 500 ms. */
    Duration pollTimeout() {
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

    /** Delivery is failing: consumption is paused and the fixed mails wait for their retry. */
    boolean failing() {
        return failures > 0;
    }

    /** Something waits and delivery is not failing: worth a flush when the engine stops. */
    boolean worthFlushing() {
        return failures == 0 && (!pending.isEmpty() || !outgoing.isEmpty());
    }

    /** Alerts waiting for their mail. */
    int waiting() {
        return pending.size() + outgoing.values().stream().mapToInt(o -> o.mail.transactionIds().size()).sum();
    }

    /**
     * Fixes the groups that are due (all of them when {@code flushAll}) and sends what is fixed, within the send
     * budget (and the close budget once stopped); on a failure pauses {@code consumer} until delivery recovers.
     */
    void sendDue(boolean flushAll, Consumer<byte[], byte[]> consumer) {
        Instant start = clock.instant();
        if (failures > 0 && start.isBefore(nextAttempt)) {
            return;
        }
        for (List<PendingAlert> batch : grouper.due(pending.values(), start, flushAll)) {
            batch.forEach(p -> pending.remove(p.transaction().transactionId()));
            for (OutgoingMail m : OutgoingMail.fitting(formatter, batch, start, SentLedger.MAX_INTENT_BYTES)) {
                ledger.remember(m.mail);
                outgoing.put(m.mail.messageId(), m);
            }
        }
        Instant budget = start.plus(SEND_BUDGET);
        Supplier<Instant> deadline = () -> {
            Instant by = stopBy.get();
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
                    .sum(), consumer);
                return;
            }
        }
        if (outgoing.isEmpty() && pending.isEmpty()) {
            sender.disconnect(); // nothing waits: don't hold the server's connection
        }
        recovered(consumer);
    }

    /** Drops every waiting alert and fixed mail and the failure streak: their records are read again. */
    void clear() {
        pending.clear();
        outgoing.clear();
        failures = 0;
        fixLogged = false;
        paused = false;
        nextAttempt = Instant.MIN;
    }

    private void failed(String why, String fix, int size, Consumer<byte[], byte[]> consumer) {
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

    private void recovered(Consumer<byte[], byte[]> consumer) {
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
}
