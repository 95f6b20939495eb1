package dev.fraudwatch.indexer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkWriterTest {

    private static PendingDocument doc(String id, String source) {
        return new PendingDocument(new ConsumerRecord<>("t", 0, 0, null, null), id,
            source == null ? null : source.getBytes(StandardCharsets.UTF_8));
    }

    private static BulkWriter.Outcome outcome(List<PendingDocument> docs, String answer) throws IOException {
        return BulkWriter.outcome(docs, new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bodyIsNdjsonWithEscapedIdsAndTheDocumentBytesAsTheyAre() {
        byte[] body = BulkWriter.body(List.of(doc("a\"1", "{\"x\": 1}"), doc("b", null)));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
            "{\"index\":{\"_id\":\"a\\\"1\"}}\n{\"x\": 1}\n{\"delete\":{\"_id\":\"b\"}}\n");
    }

    @Test
    void noErrorsMeansEveryDocumentAcknowledged() throws IOException {
        BulkWriter.Outcome o = outcome(List.of(doc("a", "{}"), doc("b", null)), "{\"errors\":false,\"items\":["
            + "{\"index\":{\"status\":201}},{\"delete\":{\"status\":404}}]}");
        assertThat(o.indexed()).isEqualTo(1);
        assertThat(o.deleted()).isEqualTo(1);
        assertThat(o.retry()).isEmpty();
        assertThat(o.rejected()).isEmpty();
    }

    @Test
    void sortsItemsIntoAcknowledgedRetriedAndRejected() throws IOException {
        List<PendingDocument> docs = List.of(doc("a", "{}"), doc("b", "{}"), doc("c", "{}"), doc("d", null));
        BulkWriter.Outcome o = outcome(docs, "{\"errors\":true,\"items\":["
            + "{\"index\":{\"status\":201}},"
            + "{\"index\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"busy\"}}},"
            + "{\"index\":{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"bad\","
            + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"For input string: many\"}}}},"
            + "{\"delete\":{\"status\":200}}]}");
        assertThat(o.indexed()).isEqualTo(1);
        assertThat(o.deleted()).isEqualTo(1);
        assertThat(o.retry()).extracting(PendingDocument::id).containsExactly("b");
        assertThat(o.rejected()).singleElement().satisfies(r -> {
            assertThat(r.document().id()).isEqualTo("c");
            assertThat(r.reason()).isEqualTo("Elasticsearch rejected the document (HTTP 400): "
                + "document_parsing_exception: bad; caused by illegal_argument_exception: For input string: many");
        });
    }

    @Test
    void anAnswerThatDoesNotMatchTheRequestIsAnError() {
        assertThatThrownBy(() -> outcome(List.of(doc("a", "{}"), doc("b", "{}")),
            "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}}]}")).isInstanceOf(IOException.class);
    }
}
