package dev.fraudwatch.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentWhichBeatsDotEnvWhichBeatsFileWhichBeatsDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("fraudwatch.properties"), "kafka.partitions=5\na=file\nb=file\nc=file\n");
        Path env = Files.writeString(dir.resolve(".env"), "FW_A=dotenv\nFW_B=dotenv\n");
        Settings s = Settings.load(file, true, env, Map.of("a", "flag"), Map.of("FW_B", "env"));
        assertThat(s.get("a")).isEqualTo("flag");
        assertThat(s.get("b")).isEqualTo("env");
        assertThat(s.get("c")).isEqualTo("file");
        assertThat(s.getInt("kafka.partitions")).isEqualTo(5);
        assertThat(Settings.of(Map.of()).getInt("kafka.partitions")).isEqualTo(3);
    }

    @Test
    void readsTheOriginalsVariableNamesAsAliases() throws IOException {
        Path env = Files.writeString(dir.resolve(".env"), "SMTP_SERVER=smtp.example.org\n");
        Settings s = Settings.load(null, false, env, Map.of(), Map.of());
        assertThat(s.get("smtp.server", "SMTP_SERVER")).isEqualTo("smtp.example.org");
    }

    @Test
    void effectiveConfigurationShowsValuesGivenUnderTheOriginalsVariableNames() {
        // what `fraudwatch config` prints: SMTP_SERVER=... in the environment is the SMTP server `up` uses
        Settings s = Settings.load(null, false, null, Map.of(),
            Map.of("SMTP_SERVER", "smtp.example.org", "EMAIL_PASSWORD", "hunter2", "EMAIL_TO", "a@example.org"));
        assertThat(s.effective()).containsEntry("smtp.server", "smtp.example.org")
            .containsEntry("smtp.password", "********").containsEntry("smtp.to", "a@example.org")
            .doesNotContainValue("hunter2");
        assertThat(s.find("smtp.server")).contains("smtp.example.org");
    }

    @Test
    void missingSettingNamesTheSettingAndHowToSetIt() {
        assertThatThrownBy(() -> Settings.of(Map.of()).get("smtp.server", "SMTP_SERVER"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("'smtp.server'")
            .hasMessageContaining("FW_SMTP_SERVER")
            .hasMessageContaining("SMTP_SERVER");
    }

    @Test
    void badNumberNamesTheSetting() {
        assertThatThrownBy(() -> Settings.of(Map.of("kafka.partitions", "three")).getInt("kafka.partitions"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("'kafka.partitions'");
    }

    @Test
    void passesClientPropertiesThroughFromEveryLayer() {
        Settings s = Settings.load(null, false, null, Map.of("kafka.client.acks", "all"),
            Map.of("FW_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
        assertThat(s.withPrefix("kafka.client.")).containsEntry("acks", "all")
            .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void missingRequiredConfigFileIsReportedByName() {
        assertThatThrownBy(() -> Settings.load(dir.resolve("nope.properties"), true, null, Map.of(), Map.of()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void masksSecretsWhenPrinting() {
        Settings s = Settings.of(Map.of("smtp.password", "hunter2"));
        assertThat(s.effective()).containsEntry("smtp.password", "********");
    }
}
