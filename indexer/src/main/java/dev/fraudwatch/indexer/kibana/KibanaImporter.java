package dev.fraudwatch.indexer.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Imports a saved-objects {@code .ndjson} into Kibana the way the contract says: {@code POST
 * /api/saved_objects/_import?overwrite=true} with header {@code kbn-xsrf: true} and the file in multipart field
 * {@code file}. A refused import (non-2xx, or {@code success: false}) is a {@link KibanaImportException} listing
 * Kibana's errors.
 */
public final class KibanaImporter {

    public static final String IMPORT_PATH = "/api/saved_objects/_import";

    /** What Kibana answered to a successful import. */
    public record Result(int status, int successCount, String body) {
    }

    /** Kibana refused the import; {@link #errors()} holds one line per failed object. */
    public static final class KibanaImportException extends RuntimeException {
        private final List<String> errors;

        KibanaImportException(String message, List<String> errors) {
            super(message + (errors.isEmpty() ? "" : ":\n  " + String.join("\n  ", errors)));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    private final HttpClient http;
    private final URI kibana;
    private final String authorization;

    /**
     * @param authorization value of the {@code Authorization} header, or null; see {@link #basic} and {@link #apiKey}
     */
    public KibanaImporter(HttpClient http, URI kibana, String authorization) {
        this.http = http;
        this.kibana = kibana;
        this.authorization = authorization;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String apiKey(String key) {
        return "ApiKey " + key;
    }

    public Result importObjects(byte[] ndjson, String fileName) throws IOException, InterruptedException {
        String boundary = "fraudwatch-" + UUID.randomUUID();
        String base = kibana.toString().replaceAll("/+$", "");
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + IMPORT_PATH + "?overwrite=true"))
            .timeout(Duration.ofSeconds(60))
            .header("kbn-xsrf", "true")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fileName, ndjson)));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(r.body());
        if (r.statusCode() / 100 != 2) {
            List<String> errors = new ArrayList<>();
            if (body != null && body.hasNonNull("message")) {
                errors.add(body.get("message").asText());
            } else if (!r.body().isBlank()) {
                errors.add(r.body());
            }
            throw new KibanaImportException("Kibana refused the import with HTTP " + r.statusCode(), errors);
        }
        if (body == null || !body.path("success").asBoolean(false)) {
            throw new KibanaImportException("Kibana did not import every object (success: false, "
                + (body == null ? 0 : body.path("successCount").asInt()) + " imported)", errorLines(body));
        }
        return new Result(r.statusCode(), body.path("successCount").asInt(), r.body());
    }

    /**
     * One part, RFC 7578: the boundary line, the part headers, a blank line, the bytes unchanged, the closing
     * boundary. The ndjson is copied byte for byte (no charset conversion).
     */
    static byte[] multipart(String boundary, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        String head = "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName.replace("\"", "") + "\"\r\n"
            + "Content-Type: application/ndjson\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static List<String> errorLines(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            out.add("(no JSON answer)");
            return out;
        }
        for (JsonNode e : body.path("errors")) {
            out.add(e.path("type").asText() + " " + e.path("id").asText()
                + (e.hasNonNull("title") ? " \"" + e.get("title").asText() + "\"" : "") + ": "
                + e.path("error").path("type").asText() + describe(e.path("error")));
        }
        return out;
    }

    private static String describe(JsonNode error) {
        StringBuilder s = new StringBuilder();
        if (error.hasNonNull("message")) {
            s.append(" ").append(error.get("message").asText());
        }
        for (JsonNode ref : error.path("references")) {
            s.append(" missing ").append(ref.path("type").asText()).append("/").append(ref.path("id").asText());
        }
        return s.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
