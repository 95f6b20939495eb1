package dev.fraudwatch.indexer.es;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits for a starting node: cluster health yellow or green, or the node's exit with the tail of its console. */
final class NodeHealth {

    private NodeHealth() {
    }

    /**
     * True once the node at {@code url} reports health yellow or green; false if it does not within {@code timeout}.
     * Throws, with the console log's tail, when the node's process exits first.
     */
    static boolean await(Process node, String url, Duration timeout, Path consoleLog)
        throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
            .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + node.exitValue()
                    + " during start-up; see " + consoleLog + ":\n" + tail(consoleLog));
            }
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode health = Json.MAPPER.readTree(r.body());
                    if (!"red".equals(health.path("status").asText())) {
                        return true;
                    }
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            node.waitFor(500, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** The last 20 lines of a log, for an error message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
