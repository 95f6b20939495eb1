package dev.fraudwatch.launcher;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;

import java.util.ArrayList;
import java.util.List;

/** The FraudWatch components {@code up} starts after the engines, in data-flow order. */
final class Components {
    private Components() {
    }

    /**
     * Flags that let {@code up} run beside other tests: every embedded service on a free port. Used by the
     * launcher's own integration test.
     */
    static List<String> testFlags() {
        return List.of();
    }

    static List<Service> build(Settings settings, KafkaSettings kafka) {
        List<Service> out = new ArrayList<>();
        return out;
    }
}
