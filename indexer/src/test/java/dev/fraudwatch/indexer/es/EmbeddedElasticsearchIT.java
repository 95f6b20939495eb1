package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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

    /**
     * A terminal's Ctrl-C (SIGINT to the foreground process group) must not reach the node: it runs in a session
     * of its own, and setsid exec'd in place, so the node's first process is the one this JVM started, and the
     * server JVM among its descendants.
     */
    @Test
    void nodeRunsInASessionOfItsOwnLedByItsLauncher() throws Exception {
        assumeThat(OwnSession.commandPrefix()).as("setsid installed").isNotEmpty();
        ProcessHandle launcher = ElasticsearchExtension.node().processHandle().orElseThrow();
        assertThat(session(launcher.pid())).isEqualTo(launcher.pid())
            .isNotEqualTo(session(ProcessHandle.current().pid()));
        assertThat(launcher.descendants().toList()).as("the server JVM").isNotEmpty()
            .allSatisfy(d -> assertThat(session(d.pid())).isEqualTo(launcher.pid()));
    }

    /** Field 6 of /proc/PID/stat; the command name before it is in parentheses and may hold spaces. */
    private static long session(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
