package dev.fraudwatch.indexer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Derives the Elasticsearch document id of a Kafka record, so a re-delivered record overwrites its earlier copy
 * instead of adding a duplicate (the original indexers had no ids).
 */
@FunctionalInterface
public interface DocumentId {

    /**
     * The id, or null when the record lacks what the id is made of (it then goes to the dead-letter topic).
     *
     * @param key   the record key parsed as JSON (a text node when the key is not JSON), or null when absent
     * @param value the record value, or null for a tombstone
     */
    String of(JsonNode key, JsonNode value);

    /** Describes the id for error messages, e.g. {@code Transaction ID}. */
    default String describe() {
        return "document id";
    }

    /** The value of one field. */
    static DocumentId field(String field) {
        return fields(field);
    }

    /** The values of several fields joined with {@code |}; null when any is missing or blank. */
    static DocumentId fields(String... fields) {
        return new DocumentId() {
            @Override
            public String of(JsonNode key, JsonNode value) {
                List<String> parts = new ArrayList<>(fields.length);
                for (String f : fields) {
                    String v = text(value, f);
                    if (v == null) {
                        return null;
                    }
                    parts.add(v);
                }
                return String.join("|", parts);
            }

            @Override
            public String describe() {
                return String.join(" + ", fields);
            }
        };
    }

    /**
     * For upsert streams: the field from the value, else from the record key (an upsert-kafka key is a JSON object
     * holding the key field; a plain text key is used as it is). Tombstones have only the key.
     */
    static DocumentId keyField(String field) {
        return new DocumentId() {
            @Override
            public String of(JsonNode key, JsonNode value) {
                String v = text(value, field);
                if (v == null && key != null) {
                    v = key.isObject() ? text(key, field) : blankToNull(key.asText());
                }
                return v;
            }

            @Override
            public String describe() {
                return field + " (from the value or the record key)";
            }
        };
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : blankToNull(v.asText());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
