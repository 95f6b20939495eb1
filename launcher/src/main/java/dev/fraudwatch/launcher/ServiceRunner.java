package dev.fraudwatch.launcher;

import dev.fraudwatch.core.lifecycle.Service;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts services in order (a group of independent ones in parallel), reports each as it becomes ready, and
 * stops everything it started in reverse order. If one fails to start, what was started is stopped again.
 */
final class ServiceRunner implements AutoCloseable {

    private final Deque<Service> started = new ArrayDeque<>();
    /** Seconds each service took from its start call to ready, in the order they became ready. */
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final PrintStream out;

    ServiceRunner(PrintStream out) {
        this.out = out;
    }

    void start(Service s) throws Exception {
        startAll(List.of(s));
    }

    /** Starts {@code group} concurrently and waits for all; rethrows the first failure. */
    void startAll(List<? extends Service> group) throws Exception {
        List<CompletableFuture<Void>> futures = group.stream()
            .map(s -> CompletableFuture.runAsync(() -> startOne(s)))
            .toList();
        Throwable failure = null;
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure instanceof Exception ex) {
            throw ex;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void startOne(Service s) {
        long t0 = System.nanoTime();
        try {
            s.start();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new CompletionException(e);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        synchronized (started) {
            started.push(s);
            startSeconds.put(s.name(), secs);
        }
        out.printf("  ready  %-36s %5.1f s%n", s.name(), secs);
        for (String e : s.endpoints()) {
            out.printf("         %s%n", e);
        }
        out.flush();
    }

    /** Each started service's start-to-ready time in seconds, in the order they became ready. */
    Map<String, Double> startSeconds() {
        synchronized (started) {
            return new LinkedHashMap<>(startSeconds);
        }
    }

    @Override
    public void close() {
        while (true) {
            Service s;
            synchronized (started) {
                s = started.poll();
            }
            if (s == null) {
                return;
            }
            try {
                s.close();
                out.println("  stopped " + s.name());
            } catch (RuntimeException e) {
                out.println("  error stopping " + s.name() + ": " + e.getMessage());
            }
        }
    }
}
