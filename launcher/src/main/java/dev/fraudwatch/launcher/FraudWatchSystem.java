package dev.fraudwatch.launcher;

import dev.fraudwatch.alerts.AlertsSetup;
import dev.fraudwatch.alerts.EmbeddedSmtpService;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.indexer.es.EmbeddedElasticsearch;
import dev.fraudwatch.kafka.EmbeddedKafkaService;
import dev.fraudwatch.kafka.TopicAdmin;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code fraudwatch up} runs, as one object: the embedded engines not configured as external (in
 * parallel), the topics, then the components in data-flow order; {@link #close()} stops what was started in
 * reverse order, also after a start that failed part-way. {@code up} and {@code bench} both use it, so the
 * benchmark measures exactly the system a user starts. Before any engine starts, {@link Preflight} parses every
 * component's settings, so a missing or invalid one stops start-up with its sentence at once.
 *
 * <p>{@link #stoppedByShutdownHook()} tells the engines that a shutdown hook of the caller's will {@link #close()}
 * this system, so their own hooks do not stop them before the components that use them.
 */
public final class FraudWatchSystem implements AutoCloseable {

    /**
     * With {@link #stoppedByShutdownHook()}: how long the embedded Elasticsearch node's own shutdown hook leaves its
     * stop to {@link #close()}. The components stop first (the indexer's last flush, the detection job's stop: a few
     * seconds); the bound matters only if {@code close()} never reaches the node.
     */
    static final Duration OWNER_STOP_GRACE = Duration.ofSeconds(60);

    private final Settings settings;
    private final PrintStream out;
    private final ServiceRunner runner;
    private volatile boolean stoppedByShutdownHook;
    private volatile KafkaSettings kafka;
    private volatile Plan plan;
    private volatile AlertsSetup alerts;
    private volatile double readySeconds = Double.NaN;

    public FraudWatchSystem(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.runner = new ServiceRunner(out);
    }

    /**
     * Declares that a shutdown hook of the caller's closes this system ({@code fraudwatch up}), so the embedded
     * Elasticsearch node's own hook leaves its stop to {@link #close()} instead of stopping it while the indexer
     * still flushes ({@link EmbeddedElasticsearch#stoppedByOwnerAtShutdown}). Without it (a caller with no such
     * hook, as {@code bench}) the node's hook stops it when the JVM exits. Call before {@link #start()}.
     */
    public FraudWatchSystem stoppedByShutdownHook() {
        stoppedByShutdownHook = true;
        return this;
    }

    /** Starts everything and returns when all of it is ready; on failure, stops what started and rethrows. */
    public void start() throws Exception {
        long t0 = System.nanoTime();
        try {
            Plan p = Plan.of(settings, stoppedByShutdownHook);
            plan = p;
            // every component's settings first: a wrong one stops start-up before any engine runs
            Preflight.check(settings, p);
            runner.startAll(p.engines());
            KafkaSettings k = KafkaSettings.from(settings, p.embeddedKafka().map(EmbeddedKafkaService::bootstrapServers));
            kafka = k;
            TopicAdmin.Result topics = TopicAdmin.ensureTopics(k);
            out.printf("  topics %d created, %d already there (%s)%n", topics.created().size(),
                topics.existing().size(), k.bootstrapServers());
            AlertsSetup a = AlertsSetup.fromSettings(settings, k);
            alerts = a;
            for (Service s : Components.build(settings, k, elasticsearchUrl(), a)) {
                runner.start(s);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        readySeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds from {@link #start()} to everything ready; NaN before that. */
    public double readySeconds() {
        return readySeconds;
    }

    /** Each service's own start-to-ready seconds, in the order they became ready. */
    public Map<String, Double> serviceStartSeconds() {
        return runner.startSeconds();
    }

    /** The Kafka the system uses (embedded or configured); available once the engines started. */
    public KafkaSettings kafka() {
        return kafka;
    }

    public Settings settings() {
        return settings;
    }

    /** The embedded Elasticsearch node, when the system runs one. */
    public Optional<EmbeddedElasticsearch> embeddedElasticsearch() {
        return plan == null ? Optional.empty() : plan.embeddedElasticsearch();
    }

    /** The embedded SMTP server that receives the alert e-mails, when no external one is configured. */
    public Optional<EmbeddedSmtpService> embeddedSmtp() {
        return alerts == null ? Optional.empty() : alerts.embeddedSmtp();
    }

    private Optional<String> elasticsearchUrl() {
        return plan.embeddedElasticsearch().map(EmbeddedElasticsearch::url);
    }

    @Override
    public void close() {
        runner.close();
    }

    /** Which engines to embed, decided once from the settings: only those not configured as external. */
    record Plan(Optional<EmbeddedKafkaService> embeddedKafka, Optional<EmbeddedElasticsearch> embeddedElasticsearch,
                List<Service> engines) {

        static Plan of(Settings s, boolean stoppedByShutdownHook) {
            List<Service> engines = new ArrayList<>();
            Optional<EmbeddedKafkaService> kafka = Optional.empty();
            if (s.find("kafka.bootstrap.servers").isEmpty()) {
                kafka = Optional.of(EmbeddedKafkaService.fromSettings(s));
                engines.add(kafka.get());
            }
            Optional<EmbeddedElasticsearch> es = Optional.empty();
            if (s.find("elasticsearch.url").isEmpty()) {
                EmbeddedElasticsearch node = EmbeddedElasticsearch.fromSettings(s);
                if (stoppedByShutdownHook) {
                    node.stoppedByOwnerAtShutdown(OWNER_STOP_GRACE);
                }
                es = Optional.of(node);
                engines.add(es.get());
            }
            return new Plan(kafka, es, engines);
        }
    }
}
