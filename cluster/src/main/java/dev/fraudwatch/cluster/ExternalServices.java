package dev.fraudwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * For {@code fraudwatch up --external}: checks that every external service the configuration names answers,
 * before anything starts, and fails with one message naming each unreachable service and the setting to fix.
 * A service that is not configured is not checked (the caller decides whether it is required).
 */
public final class ExternalServices {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ExternalServices() {
    }

    /** One service's outcome; {@code detail} says what answered, or why it did not. */
    public record Check(String service, String setting, String target, boolean ok, String detail) {
        public String line() {
            return service + " at " + target + (ok ? ": " + detail : " is unreachable (setting " + setting + "): "
                + detail);
        }
    }

    /** Checks every configured service; throws a {@link ConfigException} listing the failures, else returns all. */
    public static List<Check> check(Settings s) {
        List<Check> checks = checkAll(s);
        List<String> failed = checks.stream().filter(c -> !c.ok()).map(Check::line).toList();
        if (!failed.isEmpty()) {
            throw new ConfigException(String.join("; ", failed) + ".");
        }
        return checks;
    }

    public static List<Check> checkAll(Settings s) {
        List<Check> out = new ArrayList<>();
        s.find("kafka.bootstrap.servers").ifPresent(b -> out.add(kafka(KafkaSettings.from(s, Optional.empty()))));
        s.find("elasticsearch.url").ifPresent(url -> out.add(elasticsearch(s, url)));
        s.find("smtp.server", "SMTP_SERVER").ifPresent(host -> out.add(smtp(s, host)));
        s.find("flink.rest.url").ifPresent(url -> out.add(flink(url)));
        return out;
    }

    static Check kafka(KafkaSettings kafka) {
        String target = kafka.bootstrapServers();
        Properties p = kafka.clientProps();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(p)) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .nodes().get(TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS).size();
            return new Check("Kafka", "kafka.bootstrap.servers", target, true, nodes + " broker(s)");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Check("Kafka", "kafka.bootstrap.servers", target, false, reason(e));
        }
    }

    static Check elasticsearch(Settings s, String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
            Optional<String> ca = s.find("elasticsearch.ca-file");
            if (ca.isPresent()) {
                client.sslContext(trusting(Path.of(ca.get())));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/_cluster/health")).timeout(TIMEOUT);
            Optional<String> apiKey = s.find("elasticsearch.api-key");
            Optional<String> user = s.find("elasticsearch.username");
            if (apiKey.isPresent()) {
                req.header("Authorization", "ApiKey " + apiKey.get());
            } else if (user.isPresent()) {
                String pair = user.get() + ":" + s.find("elasticsearch.password").orElse("");
                req.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<byte[]> r = client.build().send(req.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                return new Check("Elasticsearch", "elasticsearch.username/password/api-key", base, false,
                    "it answered " + r.statusCode() + ": the credentials are not accepted");
            }
            if (r.statusCode() != 200) {
                return new Check("Elasticsearch", "elasticsearch.url", base, false, "/_cluster/health answered "
                    + r.statusCode());
            }
            JsonNode health = Json.MAPPER.readTree(r.body());
            return new Check("Elasticsearch", "elasticsearch.url", base, true, "cluster "
                + health.path("cluster_name").asText() + " is " + health.path("status").asText());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Check("Elasticsearch", "elasticsearch.url", base, false, reason(e));
        }
    }

    static Check smtp(Settings s, String host) {
        int port = s.find("smtp.port", "SMTP_PORT").map(Integer::parseInt).orElseGet(() -> defaultSmtpPort(s));
        String target = host + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) s.find("smtp.timeout-ms").map(Long::parseLong)
                .orElse(TIMEOUT.toMillis()).longValue());
            return new Check("SMTP server", "smtp.server/smtp.port", target, true, "accepts connections");
        } catch (IOException | RuntimeException e) {
            return new Check("SMTP server", "smtp.server/smtp.port", target, false, reason(e));
        }
    }

    /** As the alert engine chooses it: the port of the TLS mode, 587 (STARTTLS) when none is set. */
    private static int defaultSmtpPort(Settings s) {
        return switch (s.find("smtp.tls", "SMTP_TLS").orElse("STARTTLS").toUpperCase(java.util.Locale.ROOT)) {
            case "SMTPS" -> 465;
            case "NONE" -> 25;
            default -> 587;
        };
    }

    static Check flink(String url) {
        try {
            JsonNode o = new FlinkRestClient(url, TIMEOUT).overview();
            return new Check("Flink", "flink.rest.url", url, true, "Flink " + o.path("flink-version").asText() + ", "
                + o.path("taskmanagers").asInt() + " TaskManager(s), " + o.path("slots-available").asInt()
                + " free slot(s)");
        } catch (RuntimeException e) {
            String why = e instanceof FlinkRestClient.FlinkUnreachableException ? reason(e) : e.getMessage();
            return new Check("Flink", "flink.rest.url", url, false, why);
        }
    }

    private static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.lines().findFirst()
            .orElse(""));
    }
}
