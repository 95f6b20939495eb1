package dev.fraudwatch.launcher;

import dev.fraudwatch.alerts.AlertsSetup;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.detector.DetectorService;
import dev.fraudwatch.indexer.IndexerService;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.simulator.SimulatorService;
import dev.fraudwatch.web.WebService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The FraudWatch components {@code up} starts after the engines, in data-flow order. */
final class Components {
    private Components() {
    }

    /**
     * Flags that let {@code up} run beside other tests: services the test does not talk to on free ports or off. Used by the
     * launcher's own integration test.
     */
    static List<String> testFlags() {
        return List.of("--set", "flink.web.port=-1");
    }

    /**
     * Downstream first, so nothing produces before its consumers run: the detection job, the indexer, the alert
     * engine (with its embedded SMTP server when none is configured), the web service, then the simulator.
     */
    static List<Service> build(Settings settings, KafkaSettings kafka, Optional<String> embeddedElasticsearchUrl,
                               AlertsSetup alerts) {
        List<Service> out = new ArrayList<>();
        Optional<String> flinkRest = settings.find("flink.rest.url");
        out.add(flinkRest.<Service>map(url -> new RemoteDetectorService(settings, kafka, url))
            .orElseGet(() -> DetectorService.fromSettings(settings, kafka)));
        ElasticsearchSettings es = ElasticsearchSettings.from(settings, embeddedElasticsearchUrl);
        out.add(IndexerService.fromSettings(settings, kafka, embeddedElasticsearchUrl));
        out.addAll(alerts.services());
        out.add(new WebService(settings, kafka, es, alerts.mailbox().orElse(null)));
        if (settings.getBoolean("simulator.enabled")) {
            out.add(SimulatorService.fromSettings(settings, kafka));
        }
        return out;
    }
}
