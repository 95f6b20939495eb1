package dev.fraudwatch.simulator;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorConfigTest {

    @Test
    void documentedDefaultsComeFromTheModulesDefaultsFile() {
        SimulatorConfig c = SimulatorConfig.fromSettings(Settings.of(Map.of()));
        assertThat(c.customers()).isEqualTo(1000);
        assertThat(c.fraudPercent()).isEqualTo(5.0);
        assertThat(c.rate()).isEqualTo(10.0);
        assertThat(c.count()).isZero();
        assertThat(c.duration()).isEqualTo(Duration.ZERO);
        assertThat(c.startTime()).isEmpty();
        assertThat(c.simulatedClock()).isFalse();
        assertThat(c.progressInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryKey() {
        SimulatorConfig c = SimulatorConfig.fromSettings(Settings.of(Map.of(
            "simulator.customers", "50", "simulator.fraud-percent", "12.5", "simulator.rate", "0",
            "simulator.count", "1000", "simulator.duration", "PT5M", "simulator.seed", "-9",
            "simulator.start-time", "2025-03-01 12:00:00", "simulator.simulated-clock", "true",
            "simulator.progress-interval", "2.5")));
        assertThat(c).isEqualTo(new SimulatorConfig(50, 12.5, 0, 1000, Duration.ofMinutes(5), -9,
            java.util.Optional.of(LocalDateTime.of(2025, 3, 1, 12, 0)), true, Duration.ofMillis(2500)));
        assertThat(SimulatorConfig.parseDuration("simulator.duration", "30")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void emptySeedDrawsARandomOne() {
        long a = SimulatorConfig.fromSettings(Settings.of(Map.of())).seed();
        long b = SimulatorConfig.fromSettings(Settings.of(Map.of())).seed();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.duration", "soon"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.duration");
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.seed", "x"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.seed");
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.start-time", "noon"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.start-time");
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.fraud-percent", "101"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.fraud-percent");
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.rate", "-1"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.rate");
        assertThatThrownBy(() -> SimulatorConfig.fromSettings(Settings.of(Map.of("simulator.customers", "0"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.customers");
        for (double scale : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SimulatorConfig.defaults().withTimeScale(scale))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time scale");
        }
    }

    @Test
    void fraudEventProbabilityYieldsTheRequestedTransactionShare() {
        double q = Scenarios.eventProbability(0.05);
        double len = Scenarios.expectedEventLength();
        assertThat(q * len / (q * len + 1 - q)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Scenarios.eventProbability(1.0)).isEqualTo(1.0);
        assertThat(Scenarios.eventProbability(0.0)).isZero();
    }
}
