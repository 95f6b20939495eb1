package dev.fraudwatch.web;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.core.model.ReceivedMail;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EsClientFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The web service as {@code fraudwatch up} runs it: rebuilds the blocked-customer list from Kafka, follows the
 * topic, and serves the webhook, REST API and live dashboard. Nothing starts in the constructor.
 */
public final class WebService implements Service {

    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);

    private final WebConfig config;
    private final KafkaSettings kafka;
    private final ElasticsearchSettings es;
    private final Supplier<List<ReceivedMail>> mails;
    private RiskRepository risk;
    private ChartQueries charts;
    private ElasticsearchClient ownedClient;
    private KafkaGateway gateway;
    private BlockedCustomersFeed feed;
    private WebServer server;

    /**
     * @param risk   per-account documents (usually an {@link EsDashboardQueries})
     * @param charts the dashboard's aggregations (usually the same {@link EsDashboardQueries})
     * @param mails  the local SMTP server's received mails, or null when FraudWatch runs none
     */
    public WebService(WebConfig config, KafkaSettings kafka, RiskRepository risk, ChartQueries charts,
                      Supplier<List<ReceivedMail>> mails) {
        this.config = config;
        this.kafka = kafka;
        this.risk = risk;
        this.charts = charts;
        this.es = null;
        this.mails = mails;
    }

    /**
     * As {@code fraudwatch up} builds it: settings {@code web.*}, and the Elasticsearch cluster (embedded or
     * external) whose indexer indices the dashboard reads; the client is created on start and closed on close.
     *
     * @param mails the local SMTP server's received mails, or null when FraudWatch runs none
     */
    public WebService(Settings settings, KafkaSettings kafka, ElasticsearchSettings es,
                      Supplier<List<ReceivedMail>> mails) {
        this.config = WebConfig.from(settings);
        this.kafka = kafka;
        this.es = es;
        this.mails = mails;
    }

    @Override
    public String name() {
        return "web service";
    }

    @Override
    public void start() {
        // Before the slower Kafka rebuild, so a busy port is reported at once.
        Ports.requireFree(config.host(), config.port(), "the web service", "web.port");
        if (es != null) {
            ownedClient = EsClientFactory.create(es);
            EsDashboardQueries queries = new EsDashboardQueries(ownedClient, es.indices());
            risk = queries;
            charts = queries;
        }
        BlockedStore store = new BlockedStore(config.blockedKeep());
        gateway = new KafkaGateway(kafka);
        feed = new BlockedCustomersFeed(kafka, store);
        feed.start(REBUILD_TIMEOUT);
        server = new WebServer(config, store, gateway, risk, charts, mails, feed::rejected);
        server.start();
    }

    /** The bound port (the real one when {@code web.port} is 0). */
    public int port() {
        return server.port();
    }

    @Override
    public List<String> endpoints() {
        if (server == null) {
            return List.of();
        }
        String base = "http://" + displayHost() + ":" + server.port();
        return List.of("dashboard " + base + "/", "webhook " + base + "/block-customer",
            "health " + base + "/health", "metrics " + base + "/metrics");
    }

    private String displayHost() {
        String h = config.host();
        return h.equals("0.0.0.0") || h.equals("::") ? "localhost" : h.contains(":") ? "[" + h + "]" : h;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (feed != null) {
            feed.close();
            feed = null;
        }
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (ownedClient != null) {
            try {
                ownedClient.close();
            } catch (java.io.IOException e) {
                // closing connections of a client we no longer use; nothing to recover
            }
            ownedClient = null;
        }
    }
}
