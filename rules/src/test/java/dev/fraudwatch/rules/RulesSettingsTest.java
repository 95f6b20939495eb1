package dev.fraudwatch.rules;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.rules.rule.VelocityRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesSettingsTest {

    @Test
    void documentedDefaults() {
        RulesSettings s = RulesSettings.from(Settings.of(Map.of()));
        assertThat(s.historyTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(s.initialRules()).isEqualTo(RuleSet.defaults());
    }

    @Test
    void readsInitialRulesFromFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rules.json"),
            "{\"version\":5,\"rules\":{\"velocity\":{\"params\":{\"max_count\":4}}}}");
        RulesSettings s = RulesSettings.from(Settings.of(Map.of("rules.file", file.toString(),
            "rules.history-ttl", "PT12H")));
        assertThat(s.historyTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(s.initialRules().version()).isEqualTo(5);
        assertThat(s.initialRules().rule(VelocityRule.ID).param(VelocityRule.MAX_COUNT)).isEqualTo(4);
    }

    @Test
    void badValuesNameTheSetting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RulesSettings.from(Settings.of(Map.of("rules.history-ttl", "30 days"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("rules.history-ttl");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"version\":1,\"rules\":{\"nope\":{}}}");
        assertThatThrownBy(() -> RulesSettings.from(Settings.of(Map.of("rules.file", bad.toString()))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("rules.file").hasMessageContaining("nope");
        assertThatThrownBy(() -> RulesSettings.from(Settings.of(Map.of("rules.file", dir.resolve("missing.json")
            .toString())))).isInstanceOf(ConfigException.class).hasMessageContaining("rules.file");
    }
}
