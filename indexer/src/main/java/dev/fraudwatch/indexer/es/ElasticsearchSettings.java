package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How FraudWatch reaches Elasticsearch: the cluster URL, optional credentials (basic auth or API key), an optional
 * CA certificate for TLS, the index names, and disk watermarks to apply to an external cluster.
 *
 * @param url            base URL, e.g. {@code http://127.0.0.1:9200}
 * @param username       basic-auth user, or null
 * @param password       basic-auth password, or null
 * @param apiKey         API key (the base64 "encoded" form Elasticsearch returns), or null
 * @param caFile         PEM file of the CA that signed the cluster's certificate, or null for the JVM's trust store
 * @param embedded       true when {@code url} is the embedded node FraudWatch started itself
 * @param diskWatermarks {@code low}/{@code high}/{@code flood_stage} values the user set explicitly (may be empty)
 * @param indices        index names
 * @param requestTimeout socket timeout of one request
 */
public record ElasticsearchSettings(String url, String username, String password, String apiKey, Path caFile,
                                    boolean embedded, Map<String, String> diskWatermarks, IndexNames indices,
                                    Duration requestTimeout) {

    public static final String URL = "elasticsearch.url";
    public static final String USERNAME = "elasticsearch.username";
    public static final String PASSWORD = "elasticsearch.password";
    public static final String API_KEY = "elasticsearch.api-key";
    public static final String CA_FILE = "elasticsearch.ca-file";
    public static final String INDEX_SUFFIX = "elasticsearch.index.suffix";
    public static final String REQUEST_TIMEOUT_MS = "elasticsearch.request-timeout-ms";
    public static final String WATERMARK_PREFIX = "elasticsearch.disk.watermark.";
    /** The watermark names Elasticsearch knows, as in {@code cluster.routing.allocation.disk.watermark.<name>}. */
    public static final java.util.List<String> WATERMARKS = java.util.List.of("low", "high", "flood_stage");

    public ElasticsearchSettings {
        diskWatermarks = Map.copyOf(diskWatermarks);
        if (username != null && apiKey != null) {
            throw new ConfigException("Settings '" + USERNAME + "' and '" + API_KEY + "' are both set; use one of "
                + "basic auth or an API key.");
        }
        if (username != null && password == null) {
            throw new ConfigException("Missing setting '" + PASSWORD + "': '" + USERNAME + "' is set, so a "
                + "password is needed (environment variable " + Settings.envName(PASSWORD) + ").");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new ConfigException("CA file " + caFile + " (setting '" + CA_FILE + "') cannot be read.");
        }
    }

    /** True when no external cluster is configured, so the launcher must start {@link EmbeddedElasticsearch}. */
    public static boolean embeddedRequested(Settings s) {
        return s.find(URL).isEmpty();
    }

    /**
     * Reads {@code elasticsearch.*}. {@code embeddedUrl} is the address of the node the launcher started, used only
     * when {@code elasticsearch.url} is empty.
     */
    public static ElasticsearchSettings from(Settings s, Optional<String> embeddedUrl) {
        Optional<String> external = s.find(URL);
        String url = external.or(() -> embeddedUrl).orElseThrow(() -> new ConfigException("Missing setting '" + URL
            + "': set it (or --elasticsearch URL) to use an external cluster, or start the embedded node first."));
        Map<String, String> watermarks = new LinkedHashMap<>();
        for (String w : WATERMARKS) {
            s.find(WATERMARK_PREFIX + w).ifPresent(v -> watermarks.put(w, v));
        }
        return new ElasticsearchSettings(stripSlash(url), s.find(USERNAME).orElse(null),
            s.find(PASSWORD).orElse(null), s.find(API_KEY).orElse(null), s.find(CA_FILE).map(Path::of).orElse(null),
            external.isEmpty(), watermarks, IndexNames.defaults().withSuffix(s.find(INDEX_SUFFIX).orElse(null)),
            Duration.ofMillis(s.getLong(REQUEST_TIMEOUT_MS)));
    }

    /** An unauthenticated local cluster (embedded node, tests). */
    public static ElasticsearchSettings local(String url, IndexNames indices) {
        return new ElasticsearchSettings(stripSlash(url), null, null, null, null, true, Map.of(), indices,
            Duration.ofSeconds(30));
    }

    public ElasticsearchSettings withIndices(IndexNames i) {
        return new ElasticsearchSettings(url, username, password, apiKey, caFile, embedded, diskWatermarks, i,
            requestTimeout);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "ElasticsearchSettings[url=" + url + ", auth=" + (apiKey != null ? "api-key"
            : username != null ? "basic(" + username + ")" : "none") + ", caFile=" + caFile + ", embedded="
            + embedded + ", diskWatermarks=" + diskWatermarks + ", indices=" + indices + "]";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
