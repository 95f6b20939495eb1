package dev.fraudwatch.indexer;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.DashboardMetric;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentConverterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private final DocumentConverter risk = new DocumentConverter(IndexDefinitions.customerRisk("t", "i", CLOCK));
    private final DocumentConverter blocked = new DocumentConverter(IndexDefinitions.blockedCustomers("t", "i"));
    private final DocumentConverter dashboard = new DocumentConverter(IndexDefinitions.fraudDashboard("t", "i"));

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("t", 0, 7, key, value);
    }

    @Test
    void customerRiskIsKeyedByAccountNumberAndStampedWithLastUpdated() {
        DocumentConverter.Result r = risk.convert(record(Fixtures.riskKey(5), Json.toBytes(Fixtures.risk(5, 3, 1))));
        assertThat(r.document().id()).isEqualTo("ACC0000000005");
        assertThat(new String(r.document().source(), StandardCharsets.UTF_8))
            .contains("\"Last_Updated\":\"2026-11-24T10:00:00Z\"").contains("\"Total_Txns\":3");
        assertThat(r.document().partition()).isEqualTo(new TopicPartition("t", 0));
    }

    @Test
    void tombstoneBecomesADeleteOfTheKeysAccount() {
        DocumentConverter.Result r = risk.convert(record(Fixtures.riskKey(9), null));
        assertThat(r.document().isDelete()).isTrue();
        assertThat(r.document().id()).isEqualTo("ACC0000000009");
        assertThat(risk.convert(record("ACC0000000010".getBytes(StandardCharsets.UTF_8), null)).document().id())
            .as("plain text key").isEqualTo("ACC0000000010");
    }

    @Test
    void tombstoneWithoutKeyOrOnAnAppendOnlyTopicIsRejected() {
        assertThat(risk.convert(record(null, null)).rejectReason()).contains("tombstone without a usable key");
        assertThat(blocked.convert(record(null, null)).rejectReason()).contains("not an upsert stream");
    }

    @Test
    void blockedCustomerIsKeyedByTransactionIdAndKeptUnchanged() {
        byte[] value = Json.toBytes(Fixtures.blocked(3));
        DocumentConverter.Result r = blocked.convert(record(null, value));
        assertThat(r.document().id()).isEqualTo("TRN00000000003");
        assertThat(Json.fromBytes(r.document().source(), com.fasterxml.jackson.databind.JsonNode.class))
            .isEqualTo(Json.fromBytes(value, com.fasterxml.jackson.databind.JsonNode.class));
    }

    @Test
    void anUnchangedOneLineDocumentIsPassedOnAsTheRecordsOwnBytes() {
        byte[] value = Json.toBytes(Fixtures.blocked(3));
        assertThat(blocked.convert(record(null, value)).document().source()).isSameAs(value);
    }

    @Test
    void aDocumentOverSeveralLinesOrWithNanIsReSerialisedOnOneLine() {
        byte[] multiLine = "{\"Transaction ID\": \"T1\",\n \"Amount\": 1}".getBytes(StandardCharsets.UTF_8);
        byte[] out = blocked.convert(record(null, multiLine)).document().source();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"Transaction ID\":\"T1\",\"Amount\":1}");

        byte[] nan = "{\"Transaction ID\":\"T2\",\"Risk_Score\":NaN}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(blocked.convert(record(null, nan)).document().source(), StandardCharsets.UTF_8))
            .isEqualTo("{\"Transaction ID\":\"T2\",\"Risk_Score\":\"NaN\"}");
    }

    @Test
    void dashboardMetricIsKeyedByWindowTypeAndKey() {
        DocumentConverter.Result r = dashboard.convert(record(null, Json.toBytes(
            Fixtures.metric(4, DashboardMetric.FRAUD_COUNT_BY_DEVICE, "Laptop (Web Browser)", 2))));
        assertThat(r.document().id()).isEqualTo("2026-11-24 10:04:00.000|fraud_count_by_device|Laptop (Web Browser)");
    }

    @Test
    void invalidRecordsAreRejectedWithAReason() {
        assertThat(blocked.convert(record(null, "{oops".getBytes(StandardCharsets.UTF_8))).rejectReason())
            .startsWith("not valid JSON");
        assertThat(blocked.convert(record(null, "[1,2]".getBytes(StandardCharsets.UTF_8))).rejectReason())
            .isEqualTo("not a JSON object");
        DocumentConverter.Result noId = blocked.convert(record(null,
            "{\"Name\":\"x\",\"Transaction ID\":\"  \"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(noId.document()).isNull();
        assertThat(noId.rejectField()).isEqualTo("Transaction ID");
        assertThat(noId.rejectReason()).contains("missing or empty Transaction ID");
    }
}
