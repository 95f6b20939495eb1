package dev.fraudwatch.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.alerts.EmbeddedSmtpService;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.ReceivedMail;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens after a block: for blocked transactions read from {@code blocked_customers} while it is
 * {@linkplain #track(boolean) tracking}, the time from that read to (a) the alert e-mail the embedded SMTP server
 * accepted (GreenMail's receive time, parsed from the mail's {@code Transaction ID:} lines) and (b) the document
 * found by a search (an {@code ids} query, so it counts only once the index has refreshed) in the
 * {@code blocked_customers} index. Polls every {@value #POLL_MS} ms, so (b) is up to that much late.
 */
final class BlockedPath implements AutoCloseable {

    static final int POLL_MS = 100;
    private static final int MAX_PENDING = 2000;
    private static final int MAILS_PER_POLL = 200;
    private static final long GIVE_UP_MS = 120_000;
    private static final Pattern TX_LINE = Pattern.compile("Transaction ID: (\\S+)");

    private final String searchUrl;
    private final Optional<EmbeddedSmtpService> smtp;
    private final double mailThreshold;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> pendingSearch = new ConcurrentHashMap<>();
    private final Map<String, Long> pendingMail = new ConcurrentHashMap<>();
    private final Histogram toSearchable = new Histogram(3);
    private final Histogram toMail = new Histogram(3);
    private final Thread thread;
    private volatile boolean tracking;
    private volatile boolean running = true;
    private volatile long tracked;

    /** {@code mailThreshold}: the alert engine mails blocks of larger amounts only (setting alerts.threshold). */
    BlockedPath(String elasticsearchUrl, String blockedIndex, Optional<EmbeddedSmtpService> smtp,
                double mailThreshold) {
        this.searchUrl = elasticsearchUrl + "/" + blockedIndex + "/_search";
        this.smtp = smtp;
        this.mailThreshold = mailThreshold;
        thread = new Thread(this::loop, "bench-blocked-path");
        thread.setDaemon(true);
        thread.start();
    }

    void track(boolean on) {
        tracking = on;
    }

    /** A blocked transaction read from Kafka at {@code readMillis}. */
    void blocked(String transactionId, double amount, long readMillis) {
        if (!tracking || pendingSearch.size() >= MAX_PENDING) {
            return;
        }
        tracked++;
        pendingSearch.putIfAbsent(transactionId, readMillis);
        if (smtp.isPresent() && amount > mailThreshold) {
            pendingMail.putIfAbsent(transactionId, readMillis);
        }
    }

    long tracked() {
        return tracked;
    }

    /** Waits until nothing is pending any more, or {@code max}. */
    void drain(Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while ((!pendingSearch.isEmpty() || !pendingMail.isEmpty()) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
    }

    synchronized LatencyWindow.Percentiles toSearchable() {
        return LatencyWindow.Percentiles.of(toSearchable, 1.0);
    }

    synchronized LatencyWindow.Percentiles toMail() {
        return LatencyWindow.Percentiles.of(toMail, 1.0);
    }

    /** Blocked transactions above the alert threshold that got no mail within two minutes (or are still pending). */
    long unmailed() {
        return pendingMail.size() + unmailedExpired;
    }

    private volatile long unmailedExpired;

    private void loop() {
        long nextMail = 0;
        while (running) {
            try {
                if (!pendingSearch.isEmpty()) {
                    search();
                }
                if (!pendingMail.isEmpty() && System.currentTimeMillis() >= nextMail) {
                    mails();
                    nextMail = System.currentTimeMillis() + 250;
                }
                expire();
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Elasticsearch busy or refreshing: try again on the next poll
            }
        }
    }

    private void search() throws Exception {
        List<String> ids = pendingSearch.keySet().stream().limit(1000).toList();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("size", ids.size()).put("_source", false);
        ids.forEach(body.putObject("query").putObject("ids").putArray("values")::add);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(searchUrl))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        long now = System.currentTimeMillis();
        if (r.statusCode() != 200) {
            return;
        }
        for (JsonNode hit : Json.MAPPER.readTree(r.body()).path("hits").path("hits")) {
            Long t = pendingSearch.remove(hit.path("_id").asText());
            if (t != null) {
                record(toSearchable, now - t);
            }
        }
    }

    private void mails() {
        for (ReceivedMail m : smtp.orElseThrow().receivedMails(MAILS_PER_POLL)) {
            if (m.receivedAt() == null) {
                continue;
            }
            long received = Instant.parse(m.receivedAt()).toEpochMilli();
            Matcher matcher = TX_LINE.matcher(m.body());
            while (matcher.find()) {
                Long t = pendingMail.remove(matcher.group(1));
                if (t != null) {
                    // The alert engine may read the block a moment before this benchmark's consumer does.
                    record(toMail, Math.max(0, received - t));
                }
            }
        }
    }

    private void expire() {
        long cutoff = System.currentTimeMillis() - GIVE_UP_MS;
        pendingSearch.values().removeIf(t -> t < cutoff);
        // Counted per entry this thread removed: a size difference would also count the mails found meanwhile.
        long expired = 0;
        for (Map.Entry<String, Long> e : pendingMail.entrySet()) {
            if (e.getValue() < cutoff && pendingMail.remove(e.getKey(), e.getValue())) {
                expired++;
            }
        }
        unmailedExpired += expired;
    }

    private synchronized void record(Histogram h, long millis) {
        h.recordValue(Math.max(0, millis));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
