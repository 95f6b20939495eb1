package dev.fraudwatch.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.Supplier;

/** The web service's Prometheus metrics: requests by route and status, blocked-store size, live SSE clients. */
public final class WebMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public WebMetrics(Supplier<Number> storeSize, Supplier<Number> sseClients, Supplier<Number> rejectedRecords) {
        Gauge.builder("fraudwatch_web_blocked_store_size", () -> storeSize.get())
            .description("Blocked customers held for GET /get-blocked-customers and the dashboard").register(registry);
        Gauge.builder("fraudwatch_web_sse_clients", () -> sseClients.get())
            .description("Browsers connected to the live blocked-customer stream").register(registry);
        Gauge.builder("fraudwatch_web_blocked_records_rejected", () -> rejectedRecords.get())
            .description("Records of the blocked-customer topic that were not valid and were skipped")
            .register(registry);
    }

    /** Counts one answered request; {@code route} is the route template, never the raw path (bounded labels). */
    public void request(String method, String route, int status) {
        Counter.builder("fraudwatch_web_requests")
            .description("HTTP requests answered")
            .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
            .register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
