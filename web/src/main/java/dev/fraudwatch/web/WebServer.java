package dev.fraudwatch.web;

import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.ReceivedMail;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP server: webhook, REST API, live stream, dashboard, {@code /health} and {@code /metrics}. Built from its
 * dependencies and not started on construction; {@link #start()} binds {@code web.host:web.port} (0 = free port).
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Nothing but this origin: the dashboard loads no remote code, and injected markup could not run scripts. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private final WebConfig config;
    private final BlockedStore store;
    private final KafkaGateway kafka;
    private final RiskRepository risk;
    private final ChartQueries charts;
    private final Supplier<List<ReceivedMail>> mails;
    private final LiveStream live = new LiveStream();
    private final WebMetrics metrics;
    private final TokenCheck tokens;
    private Javalin app;

    /**
     * @param mails the local SMTP server's received mails, or null when there is none
     * @param rejectedRecords how many records of the blocked-customer topic were skipped (for /metrics)
     */
    public WebServer(WebConfig config, BlockedStore store, KafkaGateway kafka, RiskRepository risk,
                     ChartQueries charts, Supplier<List<ReceivedMail>> mails, Supplier<Number> rejectedRecords) {
        this.config = config;
        this.store = store;
        this.kafka = kafka;
        this.risk = risk;
        this.charts = charts;
        this.mails = mails;
        this.tokens = new TokenCheck(config.token());
        this.metrics = new WebMetrics(store::size, live::size, rejectedRecords);
        store.addListener(live::publish);
    }

    /** Binds and starts serving; returns the port (the real one when configured as 0). */
    public int start() {
        Ports.requireFree(config.host(), config.port(), "the web service", "web.port");
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.maxRequestSize = config.maxBodyBytes();
            // a known path asked with another method: 405 (MethodNotAllowedResponse, below), not 404
            cfg.http.prefer405over404 = true;
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
                    "Cache-Control", "no-cache");
            });
        });
        app.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            if (ctx.method() == HandlerType.POST) {
                tokens.check(ctx);
            }
        });
        app.after(ctx -> metrics.request(ctx.method().name(), route(ctx), ctx.statusCode()));
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
            String allow = String.join(", ", allowedMethods(e));
            ctx.header(Header.ALLOW, allow);
            error(ctx, 405, "Method " + ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allow);
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "No such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        new WebhookRoutes(store, kafka, bodies, config.blockedLimit()).register(app);
        new CustomerRoutes(risk, store, kafka, bodies, config.alertsLimit()).register(app);
        new ChartRoutes(charts, mails, config.alertsLimit()).register(app);
        app.sse("/api/blocked/stream", client -> live.connect(client, () -> store.latest(store.capacity())));
        app.get("/api/info", ctx -> ctx.json(Map.of("tokenRequired", tokens.required(),
            "blockedLimit", config.blockedLimit(), "mailsEnabled", mails != null)));
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
            .result(metrics.scrape()));
        app.start(config.host(), config.port());
        LOG.info("Web service listening on http://{}:{}/", config.host(), app.port());
        return app.port();
    }

    public int port() {
        if (app == null) {
            throw new IllegalStateException("web server not started");
        }
        return app.port();
    }

    /** 200 when Kafka and Elasticsearch answer, else 503 naming the one that does not. */
    private void health(Context ctx) {
        String kafkaProblem = kafka.healthProblem();
        String esProblem = risk.healthProblem();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", kafkaProblem == null && esProblem == null ? "UP" : "DOWN");
        out.put("kafka", kafkaProblem == null ? "UP" : "DOWN: " + kafkaProblem);
        out.put("elasticsearch", esProblem == null ? "UP" : "DOWN: " + esProblem);
        out.put("blockedStoreSize", store.size());
        out.put("liveClients", live.size());
        ctx.status(kafkaProblem == null && esProblem == null ? 200 : 503).json(out);
    }

    /**
     * The methods the request's path accepts, as Javalin's router found them for its 405 (the only value of the
     * response's details; its key depends on the request's Accept header). HEAD is added where GET is there, as
     * Javalin answers HEAD for every GET route.
     */
    static List<String> allowedMethods(MethodNotAllowedResponse e) {
        List<String> methods = new ArrayList<>();
        for (String listed : e.getDetails().values()) {
            for (String m : listed.split(",")) {
                if (!m.isBlank()) {
                    methods.add(m.trim());
                }
            }
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add(methods.indexOf("GET") + 1, "HEAD");
        }
        return methods;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message, "status", status));
    }

    /**
     * The route template (bounded label values); unmatched paths are grouped. For a request no route matched (404,
     * 405), Javalin records a sentence instead of a path, so anything that is not a path counts as unmatched.
     */
    private static String route(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            return p == null || !p.startsWith("/") ? "unmatched" : p;
        } catch (RuntimeException e) {
            return ctx.statusCode() == 404 ? "unmatched" : "static";
        }
    }

    @Override
    public void close() {
        live.close();
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
