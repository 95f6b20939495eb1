package dev.fraudwatch.indexer.kibana;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code kibana import} against a local HTTP server standing in for Kibana's import endpoint; the server
 * records the request and answers what the test says, and the test checks the request as Kibana would.
 */
class KibanaCommandTest {

    /** One received request. */
    record Received(String method, String path, String query, String xsrf, String authorization, String contentType,
                    byte[] body) {
    }

    private HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"success\":true,\"successCount\":16,\"successResults\":[]}";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("kbn-xsrf"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new KibanaCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void aUrlWithoutHttpSchemeIsRefusedWithAMessage() {
        int code = run("import", "--url", "not-a-url");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--url must be an http:// or https:// URL").contains("not-a-url");
        assertThat(received).isEmpty();
    }

    @Test
    void anUnreachableKibanaIsOneLineNamingWhatFailed() {
        String dead = url();
        server.stop(0); // nothing listens on the port any more
        int code = run("import", "--url", dead);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("null").doesNotContain("\n")
            .startsWith("Cannot reach Kibana at " + dead + ": ").contains("ConnectException");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The single part of the multipart body, parsed by Jakarta Mail (not by our own code). */
    private static BodyPart onlyPart(Received r) throws Exception {
        MimeMultipart mp = new MimeMultipart(new ByteArrayDataSource(r.body(), r.contentType()));
        assertThat(mp.getCount()).isEqualTo(1);
        return mp.getBodyPart(0);
    }

    @Test
    void postsTheBundledFileAsMultipartFieldFileWithXsrfHeaderAndOverwrite() throws Exception {
        int code = run("import", "--url", url(), "--username", "elastic", "--password", "s3cret");

        assertThat(code).as(err.toString()).isZero();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
        assertThat(r.query()).isEqualTo("overwrite=true");
        assertThat(r.xsrf()).isEqualTo("true");
        assertThat(r.authorization()).isEqualTo("Basic "
            + Base64.getEncoder().encodeToString("elastic:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.contentType()).startsWith("multipart/form-data; boundary=");
        BodyPart part = onlyPart(r);
        ContentDisposition d = new ContentDisposition(part.getHeader("Content-Disposition")[0]);
        assertThat(d.getParameter("name")).isEqualTo("file");
        assertThat(d.getParameter("filename")).isEqualTo("fraud-monitoring.ndjson");
        assertThat(part.getInputStream().readAllBytes()).isEqualTo(FraudMonitoringDashboard.bundled());
        assertThat(out.toString()).contains("imported 16 saved objects").contains("\"successCount\":16");
    }

    @Test
    void sendsAGivenFileIntactWithApiKey(@TempDir Path dir) throws Exception {
        // non-ASCII and CRLF inside the content must arrive byte for byte
        byte[] content = "{\"type\":\"index-pattern\",\"id\":\"x\",\"attributes\":{\"title\":\"Zürich\\r\\n€\"}}\r\n\n"
            .getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("custom.ndjson");
        Files.write(file, content);

        int code = run("import", "--url", url() + "/", "--api-key", "a2V5OnNlY3JldA==", "--file", file.toString());

        assertThat(code).as(err.toString()).isZero();
        Received r = received.get(0);
        assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
        assertThat(r.authorization()).isEqualTo("ApiKey a2V5OnNlY3JldA==");
        BodyPart part = onlyPart(r);
        assertThat(new ContentDisposition(part.getHeader("Content-Disposition")[0]).getParameter("filename"))
            .isEqualTo("custom.ndjson");
        assertThat(part.getInputStream().readAllBytes()).isEqualTo(content);
    }

    @Test
    void refusedImportIsAClearErrorListingKibanasErrors() {
        answer = "{\"success\":false,\"successCount\":3,\"errors\":[{\"id\":\"fraudwatch-top-fired-rules\","
            + "\"type\":\"lens\",\"title\":\"Top fired rules\",\"error\":{\"type\":\"missing_references\","
            + "\"references\":[{\"type\":\"index-pattern\",\"id\":\"fraudwatch-dv-fraud-alerts\"}]}}]}";

        int code = run("import", "--url", url());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("success: false").contains("3 imported")
            .contains("lens fraudwatch-top-fired-rules \"Top fired rules\": missing_references")
            .contains("missing index-pattern/fraudwatch-dv-fraud-alerts");
        assertThat(received.get(0).authorization()).isNull();
    }

    @Test
    void httpErrorIsAClearError() {
        status = 401;
        answer = "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"[security_exception] unable to "
            + "authenticate user\"}";

        int code = run("import", "--url", url(), "--username", "u", "--password", "wrong");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401").contains("unable to authenticate user");
    }

    @Test
    void basicAuthAndApiKeyTogetherAreRejectedBeforeAnyRequest() {
        int code = run("import", "--url", url(), "--username", "u", "--password", "p", "--api-key", "k");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("either --username/--password or --api-key");
        assertThat(received).isEmpty();
    }
}
