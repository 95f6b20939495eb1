package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpConfigTest {

    private static final String PASSWORD = "pw-Xq7-never-logged";

    private static Map<String, String> complete() {
        Map<String, String> m = new HashMap<>();
        m.put("smtp.server", "mail.example.org");
        m.put("smtp.from", "alerts@example.org");
        m.put("smtp.password", PASSWORD);
        m.put("smtp.to", "a@example.org, b@example.org");
        return m;
    }

    private static Settings settings(Map<String, String> m) {
        return Settings.of(m);
    }

    @Test
    void readsTheOriginalsVariableNamesFromTheEnvironment() {
        Settings s = Settings.load(null, false, null, Map.of(), Map.of("SMTP_SERVER", "smtp.example.org",
            "SMTP_PORT", "465", "EMAIL_FROM", "alerts@example.org", "EMAIL_PASSWORD", PASSWORD,
            "EMAIL_TO", "x@example.org,y@example.org"));
        SmtpConfig c = SmtpConfig.from(s);
        assertThat(c.host()).isEqualTo("smtp.example.org");
        assertThat(c.port()).isEqualTo(465);
        assertThat(c.tls()).isEqualTo(TlsMode.SMTPS);
        assertThat(c.username()).isEqualTo("alerts@example.org");
        assertThat(c.to()).containsExactly("x@example.org", "y@example.org");
    }

    @Test
    void defaultsToStartTlsOn587() {
        SmtpConfig c = SmtpConfig.from(settings(complete()));
        assertThat(c.port()).isEqualTo(587);
        assertThat(c.tls()).isEqualTo(TlsMode.STARTTLS);
        assertThat(SmtpAlertSender.properties(c)).containsEntry("mail.smtp.starttls.required", "true");
        Map<String, String> m = complete();
        m.put("smtp.tls", "smtps");
        assertThat(SmtpConfig.from(settings(m)).port()).isEqualTo(465);
    }

    @Test
    void eachMissingSettingIsNamed() {
        for (String key : new String[]{"smtp.server", "smtp.from", "smtp.to"}) {
            Map<String, String> m = complete();
            m.remove(key);
            // without smtp.server the factory picks the embedded server, so ask for the external config directly
            assertThatThrownBy(() -> SmtpConfig.from(settings(m))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'").satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        }
        assertThatThrownBy(() -> SmtpConfig.from(settings(Map.of("smtp.server", "h", "smtp.from", "a@b.org"))))
            .hasMessageContaining("'smtp.to'").hasMessageContaining("EMAIL_TO");
    }

    @Test
    void wrongValuesAreNamedAndNeverEchoThePassword() {
        Map<String, Map.Entry<String, String>> cases = Map.of(
            "smtp.port", Map.entry("smtp.port", "fivehundred"),
            "smtp.tls", Map.entry("smtp.tls", "maybe"),
            "smtp.from", Map.entry("smtp.from", "not an address"),
            "smtp.to", Map.entry("smtp.to", "ok@example.org, broken@"));
        cases.forEach((key, kv) -> {
            Map<String, String> m = complete();
            m.put(kv.getKey(), kv.getValue());
            assertThatThrownBy(() -> SmtpConfig.from(settings(m))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        });
        Map<String, String> m = complete();
        m.remove("smtp.password");
        m.put("smtp.username", "someone");
        assertThatThrownBy(() -> SmtpConfig.from(settings(m))).hasMessageContaining("'smtp.password'");
    }

    @Test
    void toStringMasksThePassword() {
        SmtpConfig c = SmtpConfig.from(settings(complete()));
        assertThat(c.toString()).doesNotContain(PASSWORD).contains("********");
        assertThat(new SmtpAlertSender(c).describe()).doesNotContain(PASSWORD);
    }

    @Test
    void alertSettingsHaveDocumentedDefaultsAndNamedErrors() {
        KafkaSettings kafka = KafkaSettings.local("127.0.0.1:1", Topics.defaults());
        AlertsConfig c = AlertsConfig.from(settings(Map.of()), kafka.topics());
        assertThat(c.threshold()).isEqualTo(10_000);
        assertThat(c.groupBy()).isEqualTo(AlertsConfig.GroupBy.ACCOUNT);
        assertThat(c.groupWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.consumerGroup()).isEqualTo(AlertsConfig.DEFAULT_GROUP);
        assertThat(c.blockedTopic()).isEqualTo("blocked_customers");
        assertThatThrownBy(() -> AlertsConfig.from(settings(Map.of("alerts.group-by", "day")), kafka.topics()))
            .hasMessageContaining("'alerts.group-by'");
        assertThatThrownBy(() -> AlertsConfig.from(settings(Map.of("alerts.group-window", "soon")), kafka.topics()))
            .hasMessageContaining("'alerts.group-window'");
        assertThatThrownBy(() -> AlertsConfig.from(settings(Map.of("alerts.threshold", "lots")), kafka.topics()))
            .hasMessageContaining("'alerts.threshold'");
    }

    @Test
    void withoutAnSmtpServerTheEmbeddedOneIsUsed() {
        KafkaSettings kafka = KafkaSettings.local("127.0.0.1:1", Topics.defaults());
        AlertsSetup setup = AlertsSetup.fromSettings(settings(Map.of("smtp.embedded.port", "0")), kafka);
        assertThat(setup.embeddedSmtp()).isPresent();
        assertThat(setup.services()).hasSize(2).first().isSameAs(setup.embeddedSmtp().get());
        assertThat(setup.alerts().endpoints().get(0)).contains("analyst@localhost", "NONE");
        AlertsSetup external = AlertsSetup.fromSettings(settings(complete()), kafka);
        assertThat(external.embeddedSmtp()).isEmpty();
        assertThat(external.mailbox()).isEmpty();
    }
}
