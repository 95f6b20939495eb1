package dev.fraudwatch.web;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.indexer.es.ElasticsearchExtension;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart and customer endpoints over HTTP, answered from a real Elasticsearch node with known data. */
class ChartsIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    private static ElasticsearchClient client;
    private static WebService service;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        client = es.client();
        IndexNames names = es.newIndices();
        EsData.index(client, names);
        EsDashboardQueries queries = new EsDashboardQueries(client, names);
        service = new WebService(WebConfig.local(0), kafka.newTopics(), queries, queries, null);
        service.start();
        http = new Http(service.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static Map<String, Double> buckets(String path) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Double> out = new LinkedHashMap<>();
        Http.json(r).forEach(b -> out.put(b.get("key").asText(), b.get("value").asDouble()));
        return out;
    }

    @Test
    void riskLevelDistributionAndAverageAmountPerLevel() {
        assertThat(buckets("/api/charts/risk-levels")).containsExactlyInAnyOrderEntriesOf(
            Map.of(CustomerRisk.HIGH, 3.0, CustomerRisk.MODERATE, 4.0, CustomerRisk.LOW, 5.0));
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String level : List.of(CustomerRisk.HIGH, CustomerRisk.MODERATE, CustomerRisk.LOW)) {
            expected.put(level, Math.round(EsData.RISK.stream().filter(r -> r.riskLevel().equals(level))
                .mapToDouble(CustomerRisk::avgAmount).average().orElseThrow() * 100) / 100.0);
        }
        assertThat(buckets("/api/charts/avg-amount-by-risk")).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void topTenCustomersByFraudTransactions() {
        JsonNode top = Http.json(http.get("/api/charts/top-fraud-customers"));
        List<String> accounts = new ArrayList<>();
        top.forEach(n -> accounts.add(n.get("Account Number").asText()));
        List<String> expected = EsData.RISK.stream()
            .sorted(Comparator.comparingLong(CustomerRisk::fraudTxns).thenComparingLong(CustomerRisk::totalTxns)
                .reversed())
            .limit(10).map(CustomerRisk::accountNumber).toList();
        assertThat(accounts).containsExactlyElementsOf(expected);
        assertThat(top.get(0).get("Name").asText()).isEqualTo(Fixtures.SCRIPT_NAME);
    }

    @Test
    void blockedPerMinuteCountsEachMinuteOfTransactionTime() {
        JsonNode series = Http.json(http.get("/api/charts/blocked-per-minute"));
        List<String> minutes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        series.forEach(b -> {
            LocalDateTime t = dev.fraudwatch.core.json.TransactionTime.fromEpochMillis(b.get("time").asLong());
            minutes.add(t.toString());
            counts.add(b.get("count").asLong());
        });
        assertThat(minutes).containsExactly("2024-05-01T13:00", "2024-05-01T13:01", "2024-05-01T13:02");
        assertThat(counts).containsExactly(2L, 1L, 3L);
    }

    @Test
    void theOriginalsDashboardMetricsOverTheLastHourOfWindows() {
        assertThat(buckets("/api/charts/fraud-by-device")).containsExactly(
            Map.entry("Laptop (Web Browser)", 5.0), Map.entry("Smartphone (Mobile Banking App)", 2.0));
        assertThat(buckets("/api/charts/fraud-pct-by-card")).containsExactly(
            Map.entry("Visa", 15.0), Map.entry("MasterCard", 5.0));
    }

    @Test
    void recentAlertsNewestFirstWithTheRulesThatFired() {
        JsonNode alerts = Http.json(http.get("/api/charts/alerts"));
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(0).get("Transaction ID").asText()).isEqualTo(Fixtures.txId(942));
        assertThat(alerts.get(0).get("Decision").asText()).isEqualTo("BLOCK");
        assertThat(alerts.get(0).at("/Fired_Rules/0/rule").asText()).isEqualTo("amount_spike");
        assertThat(alerts.get(0).at("/Fired_Rules/0/evidence/ratio").asDouble()).isEqualTo(14.5);
        JsonNode summary = Http.json(http.get("/api/charts/summary"));
        assertThat(summary.get("customers").asLong()).isEqualTo(12);
        assertThat(summary.get("highRisk").asLong()).isEqualTo(3);
        assertThat(summary.get("blocked").asLong()).isEqualTo(6);
        assertThat(summary.get("alerts").asLong()).isEqualTo(3);
    }

    @Test
    void customerViewReturnsRiskDocumentAndAlertsOr404() {
        HttpResponse<String> r = http.get("/api/customers/" + EsData.XSS_ACCOUNT);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode c = Http.json(r);
        assertThat(Json.MAPPER.convertValue(c.get("risk"), CustomerRisk.class)).isEqualTo(EsData.RISK.get(0));
        assertThat(c.get("alerts")).hasSize(3);
        assertThat(c.at("/alerts/0/Transaction ID").asText()).isEqualTo(Fixtures.txId(942));

        HttpResponse<String> unknown = http.get("/api/customers/" + Fixtures.account(999_999));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).get("error").asText()).contains(Fixtures.account(999_999));
        assertThat(http.get("/api/customers/ACC%0A1").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/customers/ACC1").statusCode()).as("any account format is looked up")
            .isEqualTo(404);
    }

    @Test
    void healthIsUpWhenKafkaAndElasticsearchAnswer() {
        HttpResponse<String> h = http.get("/health");
        assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
        assertThat(Http.json(h).get("elasticsearch").asText()).isEqualTo("UP");
    }
}
