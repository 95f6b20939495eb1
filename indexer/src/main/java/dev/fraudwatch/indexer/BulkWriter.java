package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one bulk request and sorts its items: acknowledged, worth retrying (429 and 5xx: Elasticsearch busy or
 * shards unavailable), or rejected for good (other 4xx, e.g. a mapping error) with Elasticsearch's reason.
 */
final class BulkWriter {

    /** A document Elasticsearch refused, with its reason. */
    record Rejected(PendingDocument document, String reason) {
    }

    record Outcome(int indexed, int deleted, List<PendingDocument> retry, List<Rejected> rejected) {
    }

    private final ElasticsearchClient client;

    BulkWriter(ElasticsearchClient client) {
        this.client = client;
    }

    /** Throws when the request as a whole failed (connection refused, timeout, 5xx): all of it is to be retried. */
    Outcome write(String index, List<PendingDocument> docs) throws IOException {
        BulkRequest.Builder b = new BulkRequest.Builder().index(index);
        for (PendingDocument d : docs) {
            if (d.isDelete()) {
                b.operations(op -> op.delete(x -> x.id(d.id())));
            } else {
                BinaryData source = BinaryData.of(d.source(), "application/json");
                b.operations(op -> op.index(x -> x.id(d.id()).document(source)));
            }
        }
        BulkResponse response = client.bulk(b.build());
        int indexed = 0;
        int deleted = 0;
        List<PendingDocument> retry = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            PendingDocument d = docs.get(i);
            if (item.error() == null) {
                // a delete of a missing document answers 404 without an error: the goal (gone) is reached
                if (d.isDelete()) {
                    deleted++;
                } else {
                    indexed++;
                }
            } else if (item.status() == 429 || item.status() >= 500) {
                retry.add(d);
            } else {
                rejected.add(new Rejected(d, "Elasticsearch rejected the document (HTTP " + item.status() + "): "
                    + describe(item.error())));
            }
        }
        return new Outcome(indexed, deleted, retry, rejected);
    }

    private static String describe(ErrorCause e) {
        StringBuilder s = new StringBuilder(e.type()).append(": ").append(e.reason());
        for (ErrorCause c = e.causedBy(); c != null; c = c.causedBy()) {
            s.append("; caused by ").append(c.type()).append(": ").append(c.reason());
        }
        return s.toString();
    }
}
