package dev.fraudwatch.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * What the one indexer mechanism needs to index one topic: where from, where to, with which mapping, how the
 * document id is derived, and an optional change to each document before it is written.
 *
 * @param topic             Kafka topic to consume
 * @param index             Elasticsearch index to write
 * @param contractName      the index's name in the contract ({@code customer_risk}, {@code blocked_customers}, ...),
 *                          whatever suffix {@code index} carries: it names the mapping resource
 *                          ({@code es/mappings/<contractName>.json}) and selects the index's own settings
 * @param id                how the document id is derived from the record
 * @param transform         applied to each document before indexing (e.g. set {@code Last_Updated}); {@link #UNCHANGED}
 *                          if none
 * @param deleteOnTombstone true for upsert streams: a record with a null value deletes the document of its key
 */
public record IndexDefinition(String topic, String index, String contractName, DocumentId id,
                              UnaryOperator<ObjectNode> transform, boolean deleteOnTombstone) {

    /** The transform of a definition that indexes documents as they arrive (their bytes pass through unchanged). */
    public static final UnaryOperator<ObjectNode> UNCHANGED = UnaryOperator.identity();

    /** False when documents are indexed as they arrive, so the record's bytes can be sent without re-serialising. */
    public boolean changesDocuments() {
        return transform != UNCHANGED;
    }

    /** A stable short name for logs, thread names and consumer groups: the index name. */
    public String name() {
        return index;
    }

    /** The index mapping JSON (the {@code mappings} body). */
    public String mappingJson() {
        String mappingResource = "es/mappings/" + contractName + ".json";
        try (InputStream in = IndexDefinition.class.getResourceAsStream(mappingResource)) {
            if (in == null) {
                throw new IllegalStateException("mapping resource " + mappingResource + " missing for " + index);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return topic + " -> " + index + " (id: " + id.describe() + (deleteOnTombstone ? ", tombstones delete" : "")
            + ")";
    }
}
