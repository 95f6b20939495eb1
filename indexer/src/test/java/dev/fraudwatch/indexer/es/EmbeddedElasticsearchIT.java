package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedElasticsearchIT {

    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    @Test
    void nodeIsGreenSingleNodeClusterOnLoopback() throws Exception {
        try (ElasticsearchClient client = es.client()) {
            var health = client.cluster().health();
            assertThat(health.status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
            assertThat(health.numberOfNodes()).isEqualTo(1);
        }
        // GET / answers 405 on this distribution, and the 8.19.12 client cannot decode its nodes info: plain HTTP
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(es.url() + "/_nodes/_local/http")).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode node = Json.MAPPER.readTree(r.body()).path("nodes").elements().next();
        assertThat(node.path("version").asText()).isEqualTo(ElasticsearchDistribution.version());
        assertThat(node.path("http").path("publish_address").asText()).startsWith("127.0.0.1:");
    }

    @Test
    void nodeRunsWithConfiguredDiskWatermarks() throws Exception {
        try (ElasticsearchClient client = es.client()) {
            var settings = client.cluster().getSettings(g -> g.includeDefaults(true).flatSettings(true));
            Map<String, ?> defaults = settings.defaults();
            assertThat(defaults.get("cluster.routing.allocation.disk.watermark.high").toString()).contains("95%");
            assertThat(defaults.get("cluster.routing.allocation.disk.watermark.flood_stage").toString())
                .contains("97%");
        }
    }
}
