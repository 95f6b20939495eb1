package dev.fraudwatch.indexer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fraudwatch.core.json.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns a Kafka record into a bulk operation per an {@link IndexDefinition}, or says why it cannot. */
final class DocumentConverter {

    /** The outcome: exactly one of {@code document} or {@code rejectReason} is set. */
    record Result(PendingDocument document, String rejectField, String rejectReason) {
        static Result ok(PendingDocument d) {
            return new Result(d, null, null);
        }

        static Result reject(String field, String reason) {
            return new Result(null, field, reason);
        }
    }

    private final IndexDefinition definition;

    DocumentConverter(IndexDefinition definition) {
        this.definition = definition;
    }

    Result convert(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = parseKey(r.key());
        if (r.value() == null) {
            if (!definition.deleteOnTombstone()) {
                return Result.reject(null, "empty record (null value) on a topic that is not an upsert stream");
            }
            String id = definition.id().of(key, null);
            return id == null ? Result.reject(definition.id().describe(), "tombstone without a usable key")
                : Result.ok(new PendingDocument(r, id, null));
        }
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(r.value());
        } catch (IOException e) {
            return Result.reject(null, "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (value == null || !value.isObject()) {
            return Result.reject(null, "not a JSON object");
        }
        String id = definition.id().of(key, value);
        if (id == null) {
            return Result.reject(definition.id().describe(), "missing or empty " + definition.id().describe()
                + ", needed for the document id");
        }
        if (!definition.changesDocuments() && canPassThrough(r.value(), value)) {
            // the record's own bytes are the document: no second serialisation (a large share of the indexer's CPU)
            return Result.ok(new PendingDocument(r, id, r.value()));
        }
        ObjectNode doc = definition.transform().apply((ObjectNode) value);
        try {
            return Result.ok(new PendingDocument(r, id, Json.MAPPER.writeValueAsBytes(doc)));
        } catch (JsonProcessingException e) {
            return Result.reject(null, "cannot serialize: " + e.getOriginalMessage());
        }
    }

    /**
     * The raw bytes can go into a bulk body as they are when they are one line (the bulk format is newline
     * delimited; JSON strings cannot hold a raw line break, so any is whitespace between tokens) and hold no
     * {@code NaN}/{@code Infinity}, which our reader accepts but Elasticsearch does not (re-serialising writes them
     * as strings, as before).
     */
    static boolean canPassThrough(byte[] raw, JsonNode value) {
        for (byte b : raw) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return allFinite(value);
    }

    private static boolean allFinite(JsonNode n) {
        if (n.isFloatingPointNumber()) {
            double d = n.doubleValue();
            return !Double.isNaN(d) && !Double.isInfinite(d);
        }
        if (n.isContainerNode()) {
            for (JsonNode c : n) {
                if (!allFinite(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static JsonNode parseKey(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            JsonNode k = Json.MAPPER.readTree(key);
            if (k != null) {
                return k;
            }
        } catch (IOException notJson) {
            // a plain text key, used as it is
        }
        return TextNode.valueOf(new String(key, StandardCharsets.UTF_8));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
