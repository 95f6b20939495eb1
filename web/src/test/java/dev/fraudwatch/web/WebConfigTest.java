package dev.fraudwatch.web;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebConfigTest {

    @Test
    void defaultsAreTheOriginalsPortOnLoopback() {
        WebConfig c = WebConfig.from(Settings.of(Map.of()));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(5001);
        assertThat(c.token()).isEmpty();
        assertThat(c.maxBodyBytes()).isEqualTo(65536);
        assertThat(c.blockedLimit()).isEqualTo(10);
    }

    @Test
    void allInterfacesWithoutTokenIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WebConfig.from(Settings.of(Map.of("web.host", "0.0.0.0"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("'web.token'");
        WebConfig c = WebConfig.from(Settings.of(Map.of("web.host", "0.0.0.0", "web.token", "s3cret")));
        assertThat(c.token()).isEqualTo(Optional.of("s3cret"));
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> WebConfig.from(Settings.of(Map.of("web.max-body-bytes", "0"))))
            .hasMessageContaining("web.max-body-bytes");
        assertThatThrownBy(() -> WebConfig.from(Settings.of(Map.of("web.blocked.keep", "5"))))
            .hasMessageContaining("web.blocked.keep");
    }
}
