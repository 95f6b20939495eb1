package dev.fraudwatch.launcher;

import dev.fraudwatch.alerts.AlertsSetup;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.detector.DetectorService;
import dev.fraudwatch.indexer.IndexerService;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.simulator.SimulatorService;
import dev.fraudwatch.web.WebService;

import java.util.Optional;

/**
 * The pre-flight step of {@link FraudWatchSystem#start()}: every component's typed configuration parsed from the
 * settings before any engine starts, so a missing or invalid setting stops start-up at once with the same
 * one-sentence {@code ConfigException} its component would throw, instead of after the broker and Elasticsearch ran.
 *
 * <p>It calls the very factories {@link Components#build} calls later; each of them only parses and checks (no
 * thread, no port, no client is created before {@code start()}), and the objects are dropped. Not checked here:
 * the embedded SMTP server's {@code smtp.embedded.*} (its constructor picks a free port when given 0) and
 * {@code --flink-rest}'s job submission settings (read by {@link RemoteDetectorService#start()}, which also
 * locates the job jar); both still fail with their sentence when their component starts.
 */
final class Preflight {

    /**
     * Stand in for the embedded broker's and node's addresses, known only once they run; the parsers take them
     * as given, as they take the real address later.
     */
    static final String EMBEDDED_KAFKA = "embedded-kafka:0";
    static final String EMBEDDED_ELASTICSEARCH = "http://embedded-elasticsearch:0";

    private Preflight() {
    }

    /** Throws the first configuration problem found, in the order {@code up} would meet them. */
    static void check(Settings settings, FraudWatchSystem.Plan plan) {
        KafkaSettings kafka = KafkaSettings.from(settings, plan.embeddedKafka().map(k -> EMBEDDED_KAFKA));
        Optional<String> esUrl = plan.embeddedElasticsearch().map(e -> EMBEDDED_ELASTICSEARCH);
        AlertsSetup.check(settings, kafka.topics());
        if (settings.find("flink.rest.url").isEmpty()) {
            DetectorService.fromSettings(settings, kafka);
        }
        IndexerService.fromSettings(settings, kafka, esUrl);
        new WebService(settings, kafka, ElasticsearchSettings.from(settings, esUrl), null);
        if (settings.getBoolean("simulator.enabled")) {
            SimulatorService.fromSettings(settings, kafka);
        }
    }
}
