package dev.fraudwatch.cluster;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real broker and a real SMTP server; the unreachable cases against ports nothing listens on. */
class ExternalServicesIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void reachableKafkaAndSmtpPass() {
        int smtpPort = Ports.freePort();
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            List<ExternalServices.Check> checks = ExternalServices.check(Settings.of(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "smtp.server", "127.0.0.1", "smtp.port", String.valueOf(smtpPort))));

            assertThat(checks).extracting(ExternalServices.Check::service).containsExactly("Kafka", "SMTP server");
            assertThat(checks).allMatch(ExternalServices.Check::ok);
            assertThat(checks.get(0).detail()).isEqualTo("1 broker(s)");
        } finally {
            mail.stop();
        }
    }

    @Test
    void unconfiguredServicesAreNotChecked() {
        assertThat(ExternalServices.checkAll(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void failsNamingEveryUnreachableServiceAndItsSetting() {
        String closed = "127.0.0.1:" + Ports.freePort();
        Settings s = Settings.of(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "elasticsearch.url", "http://" + closed,
            "smtp.server", "127.0.0.1", "smtp.port", closed.substring(closed.indexOf(':') + 1),
            "flink.rest.url", "http://" + closed));

        assertThatThrownBy(() -> ExternalServices.check(s)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("Elasticsearch at http://" + closed + " is unreachable (setting elasticsearch.url)")
            .hasMessageContaining("SMTP server at " + closed + " is unreachable (setting smtp.server/smtp.port)")
            .hasMessageContaining("Flink at http://" + closed + " is unreachable (setting flink.rest.url)")
            .hasMessageNotContaining("Kafka at");
    }

    @Test
    void unreachableKafkaIsNamedWithItsSetting() {
        String closed = "127.0.0.1:" + Ports.freePort();
        Settings s = Settings.of(Map.of("kafka.bootstrap.servers", closed));

        assertThatThrownBy(() -> ExternalServices.check(s)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("Kafka at " + closed + " is unreachable (setting kafka.bootstrap.servers)");
    }
}
