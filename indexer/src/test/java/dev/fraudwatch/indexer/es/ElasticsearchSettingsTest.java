package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchSettingsTest {

    @Test
    void emptyUrlMeansTheEmbeddedNodeWithoutWatermarkOverrides() {
        Settings s = Settings.of(Map.of());
        assertThat(ElasticsearchSettings.embeddedRequested(s)).isTrue();
        ElasticsearchSettings es = ElasticsearchSettings.from(s, Optional.of("http://127.0.0.1:9200/"));
        assertThat(es.url()).isEqualTo("http://127.0.0.1:9200");
        assertThat(es.embedded()).isTrue();
        assertThat(es.diskWatermarks()).isEmpty();
        assertThat(es.indices()).isEqualTo(IndexNames.defaults());
    }

    @Test
    void externalClusterWithApiKeySuffixAndWatermarks() {
        Settings s = Settings.of(Map.of("elasticsearch.url", "https://es.example:9200",
            "elasticsearch.api-key", "S3CRETKEY",
            "elasticsearch.index.suffix", "blue", "elasticsearch.disk.watermark.high", "97%"));
        ElasticsearchSettings es = ElasticsearchSettings.from(s, Optional.of("http://ignored:1"));
        assertThat(es.url()).isEqualTo("https://es.example:9200");
        assertThat(es.embedded()).isFalse();
        assertThat(es.apiKey()).isEqualTo("S3CRETKEY");
        assertThat(es.indices().customerRisk()).isEqualTo("customer_risk_blue");
        assertThat(es.diskWatermarks()).isEqualTo(Map.of("high", "97%"));
        assertThat(es.toString()).doesNotContain("S3CRETKEY").contains("auth=api-key");
    }

    @Test
    void inconsistentCredentialsNameTheSetting() {
        assertThatThrownBy(() -> ElasticsearchSettings.from(Settings.of(Map.of("elasticsearch.url", "http://h:1",
            "elasticsearch.username", "elastic")), Optional.empty()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.password");
        assertThatThrownBy(() -> ElasticsearchSettings.from(Settings.of(Map.of("elasticsearch.url", "http://h:1",
            "elasticsearch.username", "u", "elasticsearch.password", "p", "elasticsearch.api-key", "k")),
            Optional.empty())).isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.api-key");
        assertThatThrownBy(() -> ElasticsearchSettings.from(Settings.of(Map.of("elasticsearch.url", "http://h:1",
            "elasticsearch.ca-file", "/nonexistent/ca.pem")), Optional.empty()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.ca-file");
    }
}
