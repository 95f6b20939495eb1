package dev.fraudwatch.alerts;

import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps the alert loop alive. Exists so the poll loop only has to deal with one consumer: when a run of it fails
 * with a {@link RuntimeException} (a commit that fails, also the one in the rebalance listener, a dead letter that
 * cannot be written, anything unexpected), this closes that consumer, logs the cause, waits the backoff ({@link
 * #stop()} ends the wait at once) and starts the loop again on a new consumer from the committed offsets, with
 * nothing in memory. Only an {@link Error} ends it by throwing.
 */
final class LoopSupervisor {

    /** One run of the poll loop, and what the supervisor asks of it around a failure. */
    interface Loop {
        /** Runs on {@code c} until {@link LoopSupervisor#running()} turns false (returns) or the run fails (throws). */
        void runOn(Consumer<byte[], byte[]> c);

        /** The run failed and its consumer is still open: commit what is safe, if it still can, never throwing. */
        void commitQuietly();

        /** The consumer is closed: drop every waiting alert and fixed mail (their records are read again). */
        void forgetAll();
    }

    // The engine's category, as before the loop moved here: log filters and alarms on it keep matching.
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Backoff backoff;
    private final Loop loop;
    /** Notified by {@link #stop()}, so a wait before a restart ends at once. */
    private final Object stopSignal = new Object();

    private volatile boolean running = true;
    /** The consumer of the current run of the loop; a new one after each restart. */
    private volatile Consumer<byte[], byte[]> consumer;
    /** Restarts of the loop in a row, for the backoff; a run that lasted longer than the maximum backoff resets it. */
    private int restarts;

    /**
     * @param consumers gives a new consumer for each run of the loop; the supervisor closes each
     */
    LoopSupervisor(Supplier<Consumer<byte[], byte[]>> consumers, Backoff backoff, Loop loop) {
        this.consumers = consumers;
        this.backoff = backoff;
        this.loop = loop;
    }

    /** Runs the loop until {@link #stop()}, on a new consumer after each failure of the loop. */
    void run() {
        while (running) {
            long started = System.nanoTime();
            Consumer<byte[], byte[]> c = null;
            RuntimeException failure = null;
            try {
                c = consumers.get();
                consumer = c;
                if (running) { // stop() may have woken the previous consumer just before this one was set
                    loop.runOn(c);
                }
            } catch (RuntimeException e) {
                failure = e;
                if (c != null) {
                    loop.commitQuietly();
                }
            } finally {
                if (c != null) {
                    close(c);
                }
            }
            if (failure != null && running) {
                if (System.nanoTime() - started > backoff.max().toNanos()) {
                    restarts = 0; // it ran well for a while: this is a new streak, not the same failure again
                }
                restartAfter(failure);
            }
        }
    }

    /** False once {@link #stop()} was called (or the thread was interrupted during a wait). */
    boolean running() {
        return running;
    }

    /** Ends the loop: wakes the current consumer out of {@code poll()} and ends a wait before a restart. */
    void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
    }

    /**
     * The loop failed and its consumer is closed: forget everything in memory and wait the backoff before {@link
     * #run()} starts a new consumer from the committed offsets.
     */
    private void restartAfter(RuntimeException cause) {
        loop.forgetAll();
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
}
