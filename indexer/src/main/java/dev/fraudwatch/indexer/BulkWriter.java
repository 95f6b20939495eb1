package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fraudwatch.core.json.Json;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one bulk request and sorts its items: acknowledged, worth retrying (429 and 5xx: Elasticsearch busy or
 * shards unavailable), or rejected for good (other 4xx, e.g. a mapping error) with Elasticsearch's reason.
 *
 * <p>Written on the low-level REST client for speed: the body is built from each document's JSON bytes as they are
 * (no re-serialisation), and {@code filter_path} makes Elasticsearch answer only each item's status and error, which
 * is all we read (a full answer is several times the size of the documents).
 */
final class BulkWriter {

    /** A document Elasticsearch refused, with its reason. */
    record Rejected(PendingDocument document, String reason) {
    }

    record Outcome(int indexed, int deleted, List<PendingDocument> retry, List<Rejected> rejected) {
    }

    static final String FILTER_PATH = "errors,items.*.status,items.*.error";
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);
    private static final byte[] INDEX = "{\"index\":{\"_id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELETE = "{\"delete\":{\"_id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END_ACTION = "\"}}\n".getBytes(StandardCharsets.UTF_8);

    /** Reads error objects out of the middle of the answer, which the shared mapper's trailing-token check refuses. */
    private static final ObjectMapper READER = Json.MAPPER.copy()
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final RestClient rest;

    BulkWriter(ElasticsearchClient client) {
        this.rest = ((RestClientTransport) client._transport()).restClient();
    }

    /** Throws when the request as a whole failed (connection refused, timeout, 5xx): all of it is to be retried. */
    Outcome write(String index, List<PendingDocument> docs) throws IOException {
        byte[] body = body(docs);
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("filter_path", FILTER_PATH);
        request.setEntity(new ByteArrayEntity(body, NDJSON));
        Response response = rest.performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return outcome(docs, in);
        }
    }

    /** The NDJSON body: an action line with the id, and for an index operation the document's bytes. */
    static byte[] body(List<PendingDocument> docs) {
        long size = 0;
        for (PendingDocument d : docs) {
            size += d.sizeBytes() + 32;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 16));
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        for (PendingDocument d : docs) {
            out.writeBytes(d.isDelete() ? DELETE : INDEX);
            out.writeBytes(enc.quoteAsUTF8(d.id()));
            out.writeBytes(END_ACTION);
            if (!d.isDelete()) {
                out.writeBytes(d.source());
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** Reads {@code {"errors":bool,"items":[{"<op>":{"status":n,"error":{...}}},...]}} in document order. */
    static Outcome outcome(List<PendingDocument> docs, InputStream in) throws IOException {
        int indexed = 0;
        int deleted = 0;
        List<PendingDocument> retry = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        try (JsonParser p = READER.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            boolean errors = true;
            int i = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("errors".equals(field)) {
                    errors = p.getBooleanValue();
                    if (!errors) {
                        // every item succeeded: no need to read them
                        break;
                    }
                } else if ("items".equals(field)) {
                    expect(p.currentToken(), JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        expect(p.nextToken(), JsonToken.FIELD_NAME);
                        expect(p.nextToken(), JsonToken.START_OBJECT);
                        int status = 0;
                        JsonNode error = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if ("status".equals(f)) {
                                status = p.getIntValue();
                            } else if ("error".equals(f)) {
                                error = p.readValueAsTree();
                            } else {
                                p.skipChildren();
                            }
                        }
                        expect(p.nextToken(), JsonToken.END_OBJECT);
                        if (i >= docs.size()) {
                            throw new IOException("bulk answer has more items than the request (" + docs.size() + ")");
                        }
                        PendingDocument d = docs.get(i++);
                        if (error == null) {
                            // a delete of a missing document answers 404 without an error: the goal (gone) is reached
                            if (d.isDelete()) {
                                deleted++;
                            } else {
                                indexed++;
                            }
                        } else if (status == 429 || status >= 500) {
                            retry.add(d);
                        } else {
                            rejected.add(new Rejected(d, "Elasticsearch rejected the document (HTTP " + status
                                + "): " + describe(error)));
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!errors) {
                for (PendingDocument d : docs) {
                    if (d.isDelete()) {
                        deleted++;
                    } else {
                        indexed++;
                    }
                }
            } else if (i != docs.size()) {
                throw new IOException("bulk answer has " + i + " items for " + docs.size() + " documents");
            }
        }
        return new Outcome(indexed, deleted, retry, rejected);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected bulk answer: " + actual + " where " + expected + " was expected");
        }
    }

    private static String describe(JsonNode e) {
        StringBuilder s = new StringBuilder(e.path("type").asText()).append(": ").append(e.path("reason").asText());
        for (JsonNode c = e.get("caused_by"); c != null && c.isObject(); c = c.get("caused_by")) {
            s.append("; caused by ").append(c.path("type").asText()).append(": ").append(c.path("reason").asText());
        }
        return s.toString();
    }
}
