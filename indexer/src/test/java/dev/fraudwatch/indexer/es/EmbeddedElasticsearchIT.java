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
import java.util.ArrayList;
import java.util.List;
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
     * A terminal's Ctrl-C (SIGINT to the foreground process group) or hang-up (SIGHUP) must not stop the node before
     * FraudWatch stops it in order: every one of its processes ignores both. And it stays in this JVM's session: on
     * kernels with autogroup scheduling a session of its own is scheduled as a group of its own, against FraudWatch's
     * threads as one other group ({@link NodeSignals}).
     */
    @Test
    void nodeIgnoresSigintAndStaysInItsOwnersSession() throws Exception {
        ProcessHandle launcher = ElasticsearchExtension.node().processHandle().orElseThrow();
        List<ProcessHandle> node = new ArrayList<>(launcher.descendants().toList());
        assertThat(node).as("the server JVM").isNotEmpty();
        node.add(launcher);
        long ours = session(ProcessHandle.current().pid());
        assumeThat(ignores(ProcessHandle.current().pid(), 2)).as("this JVM ignores SIGINT itself (started in the "
            + "background of a non-interactive shell), and so would any child: nothing to check").isFalse();
        assertThat(node).allSatisfy(h -> {
            assertThat(ignores(h.pid(), 2)).as("process %d ignores SIGINT", h.pid()).isTrue();
            assertThat(ignores(h.pid(), 1)).as("process %d ignores SIGHUP", h.pid()).isTrue();
            assertThat(session(h.pid())).as("process %d's session", h.pid()).isEqualTo(ours);
        });
    }

    /** Whether signal {@code signal} (1 SIGHUP, 2 SIGINT) is set in the SigIgn mask of /proc/PID/status. */
    private static boolean ignores(long pid, int signal) throws java.io.IOException {
        String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        return (new java.math.BigInteger(mask, 16).longValue() & (1L << (signal - 1))) != 0;
    }

    /** Field 6 of /proc/PID/stat; the command name before it is in parentheses and may hold spaces. */
    private static long session(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
