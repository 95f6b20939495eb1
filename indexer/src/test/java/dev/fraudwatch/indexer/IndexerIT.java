package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.indexer.es.ElasticsearchExtension;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.fraudwatch.indexer.Fixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IndexerIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    static ElasticsearchClient client;
    private final List<IndexerService> services = new ArrayList<>();

    @BeforeAll
    static void client() {
        client = es.client();
    }

    @AfterAll
    static void closeClient() throws IOException {
        client.close();
    }

    @AfterEach
    void stopServices() {
        services.forEach(IndexerService::close);
    }

    /** An indexer service for {@code indices} only (all four when none given): fewer clients on a busy machine. */
    private IndexerService start(KafkaSettings k, IndexNames names, String group, String... indices)
        throws Exception {
        IndexerSettings s = IndexerSettings.defaults(group).withBulk(50, Duration.ofMillis(100))
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        List<IndexDefinition> defs = IndexDefinitions.standard(k.topics(), names, Clock.systemUTC()).stream()
            .filter(d -> indices.length == 0 || List.of(indices).contains(d.index())).toList();
        IndexerService svc = new IndexerService(ElasticsearchSettings.local(es.url(), names), k, s, defs);
        services.add(svc);
        svc.start();
        return svc;
    }

    private long count(String index) throws IOException {
        client.indices().refresh(r -> r.index(index));
        return client.count(c -> c.index(index)).count();
    }

    @Test
    void indexesEveryTopicWithOneDocumentPerContractId() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        start(k, names, "g-" + KafkaBrokerExtension.uniqueSuffix());
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (int update = 1; update <= 5; update++) {
                for (int a = 0; a < 20; a++) {
                    send(p, k.topics().customerRisk(), Fixtures.riskKey(a), Fixtures.risk(a, update, update / 2));
                }
            }
            for (int i = 0; i < 30; i++) {
                send(p, k.topics().blockedCustomers(), null, Fixtures.blocked(i));
                send(p, k.topics().fraudAlerts(), null, Fixtures.alert(i));
            }
            for (int m = 0; m < 3; m++) {
                send(p, k.topics().fraudDashboard(), null, Fixtures.metric(m, DashboardMetric.HIGH_RISK_TXN_COUNT,
                    "all", 1));
                // the same window re-emitted with a new value replaces the first result
                send(p, k.topics().fraudDashboard(), null, Fixtures.metric(m, DashboardMetric.HIGH_RISK_TXN_COUNT,
                    "all", 2));
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(count(names.customerRisk())).isEqualTo(20);
            assertThat(count(names.blockedCustomers())).isEqualTo(30);
            assertThat(count(names.fraudAlerts())).isEqualTo(30);
            assertThat(count(names.fraudDashboard())).isEqualTo(3);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GetResponse<ObjectNode> doc = client.get(g -> g.index(names.customerRisk()).id(Fixtures.account(7)),
                ObjectNode.class);
            assertThat(doc.source().get("Total_Txns").asLong()).isEqualTo(5);
            assertThat(doc.source().get("Last_Updated").asText()).endsWith("Z");
        });
        GetResponse<ObjectNode> metric = client.get(g -> g.index(names.fraudDashboard())
            .id("2026-11-24 10:01:00.000|high_risk_txn_count|all"), ObjectNode.class);
        assertThat(metric.source().get("metric_value").asDouble()).isEqualTo(2.0);
        GetResponse<ObjectNode> blocked = client.get(g -> g.index(names.blockedCustomers())
            .id(Fixtures.transactionId(3)), ObjectNode.class);
        assertThat(blocked.source().get("Reason").asText()).isEqualTo("Amount exceeds $50,000");
    }

    @Test
    void eachIndexGetsItsOwnRefreshAndFlushInterval() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        IndexerSettings s = IndexerSettings.from(Settings.of(Map.of(
            "indexer.group.id", "g-" + KafkaBrokerExtension.uniqueSuffix(),
            "elasticsearch.index.customer_risk.refresh-interval", "7s",
            "indexer.bulk.fraud_dashboard.flush-interval-ms", "120")));
        IndexerService svc = new IndexerService(ElasticsearchSettings.local(es.url(), names), k, s);
        services.add(svc);
        svc.start();
        // blocked_customers' own default, an override for customer_risk, the others on Elasticsearch's default
        assertThat(refreshInterval(names.blockedCustomers())).isEqualTo("250ms");
        assertThat(refreshInterval(names.customerRisk())).isEqualTo("7s");
        assertThat(refreshInterval(names.fraudAlerts())).isNull();
        assertThat(refreshInterval(names.fraudDashboard())).isNull();
        Map<String, Duration> flush = new HashMap<>();
        svc.indexers().forEach(i -> flush.put(i.definition().index(), i.settings().flushInterval()));
        assertThat(flush).containsExactlyInAnyOrderEntriesOf(Map.of(names.blockedCustomers(), Duration.ofMillis(50),
            names.fraudAlerts(), Duration.ofMillis(250), names.customerRisk(), Duration.ofMillis(250),
            names.fraudDashboard(), Duration.ofMillis(120)));
    }

    private static String refreshInterval(String index) throws IOException {
        var time = client.indices().getSettings(g -> g.index(index)).result().get(index).settings().index()
            .refreshInterval();
        return time == null ? null : time.time();
    }

    @Test
    void reDeliveredRecordsDoNotChangeTheCounts() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (int i = 0; i < 100; i++) {
                send(p, k.topics().blockedCustomers(), null, Fixtures.blocked(i));
                send(p, k.topics().customerRisk(), Fixtures.riskKey(i % 10), Fixtures.risk(i % 10, i, 0));
            }
        }
        IndexerService first = start(k, names, "first-" + KafkaBrokerExtension.uniqueSuffix(),
            names.blockedCustomers(), names.customerRisk());
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(first, names.blockedCustomers()) == 100
            && committed(first, names.customerRisk()) == 100);
        assertThat(count(names.blockedCustomers())).isEqualTo(100);
        assertThat(count(names.customerRisk())).isEqualTo(10);

        // a second group reads every record again, as after a crash before the commit
        IndexerService second = start(k, names, "second-" + KafkaBrokerExtension.uniqueSuffix(),
            names.blockedCustomers(), names.customerRisk());
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(second, names.blockedCustomers()) == 100
            && committed(second, names.customerRisk()) == 100);
        assertThat(count(names.blockedCustomers())).isEqualTo(100);
        assertThat(count(names.customerRisk())).isEqualTo(10);
    }

    @Test
    void theLatestUpdateOfEachAccountWinsWithSeveralSmallBulksInFlight() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            // each bulk holds at most 4 ids, so the next buffer mostly holds ids of a bulk still in flight
            for (int update = 1; update <= 30; update++) {
                for (int a = 0; a < 12; a++) {
                    send(p, k.topics().customerRisk(), Fixtures.riskKey(a), Fixtures.risk(a, update, 0));
                }
            }
        }
        IndexerSettings s = IndexerSettings.defaults("g-" + KafkaBrokerExtension.uniqueSuffix())
            .withBulk(4, Duration.ofMillis(20)).withMaxInFlight(4);
        IndexerService svc = new IndexerService(ElasticsearchSettings.local(es.url(), names), k, s,
            List.of(IndexDefinitions.customerRisk(k.topics().customerRisk(), names.customerRisk(), Clock.systemUTC())));
        services.add(svc);
        svc.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(svc, names.customerRisk()) == 360);
        assertThat(count(names.customerRisk())).isEqualTo(12);
        for (int a = 0; a < 12; a++) {
            String id = Fixtures.account(a);
            GetResponse<ObjectNode> doc = client.get(g -> g.index(names.customerRisk()).id(id), ObjectNode.class);
            assertThat(doc.source().get("Total_Txns").asLong()).as(id).isEqualTo(30);
        }
        assertThat(svc.indexers().get(0).metrics().bulkRequests()).as("many bulks").isGreaterThan(10);
    }

    @Test
    void tombstoneDeletesTheCustomerDocument() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        start(k, names, "g-" + KafkaBrokerExtension.uniqueSuffix(), names.customerRisk());
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            send(p, k.topics().customerRisk(), Fixtures.riskKey(1), Fixtures.risk(1, 3, 1));
            send(p, k.topics().customerRisk(), Fixtures.riskKey(2), Fixtures.risk(2, 4, 0));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(names.customerRisk()) == 2);
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            send(p, k.topics().customerRisk(), Fixtures.riskKey(1), null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(names.customerRisk()) == 1);
        assertThat(client.exists(e -> e.index(names.customerRisk()).id(Fixtures.account(1))).value()).isFalse();
        assertThat(client.exists(e -> e.index(names.customerRisk()).id(Fixtures.account(2))).value()).isTrue();
    }

    @Test
    void mappingRejectedDocumentGoesToDeadLetterTopicAndTheRestOfTheBulkIsIndexed() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            for (int a = 0; a < 5; a++) {
                send(p, k.topics().customerRisk(), Fixtures.riskKey(a), Fixtures.risk(a, 2, 0));
            }
            send(p, k.topics().customerRisk(), Fixtures.riskKey(99),
                "{\"Name\":\"Bad\",\"Account Number\":\"ACC0000000099\",\"Total_Txns\":\"many\"}");
            send(p, k.topics().customerRisk(), Fixtures.riskKey(98), "{not json");
            for (int a = 5; a < 10; a++) {
                send(p, k.topics().customerRisk(), Fixtures.riskKey(a), Fixtures.risk(a, 2, 0));
            }
        }
        IndexerService svc = start(k, names, "g-" + KafkaBrokerExtension.uniqueSuffix(), names.customerRisk());
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(k.topics().deadLetter(), 2, Duration.ofSeconds(60));
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> rejected = dead.stream()
            .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("many")).findFirst().orElseThrow();
        assertThat(header(rejected, Headers.DLQ_REASON)).contains("Total_Txns").contains("HTTP 400");
        assertThat(header(rejected, Headers.DLQ_ORIGIN_TOPIC)).isEqualTo(k.topics().customerRisk());
        assertThat(header(rejected, Headers.DLQ_SOURCE)).isEqualTo("indexer");
        assertThat(new String(rejected.key(), StandardCharsets.UTF_8)).contains("ACC0000000099");
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(svc, names.customerRisk()) == 12);
        assertThat(count(names.customerRisk())).isEqualTo(10);
        // all twelve records were in one bulk of at most 50
        assertThat(svc.indexers().get(0).metrics().bulkRequests()).isEqualTo(1);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static long committed(IndexerService svc, String index) {
        return svc.indexers().stream().filter(i -> i.definition().index().equals(index))
            .mapToLong(i -> i.metrics().committedRecords()).sum();
    }
}
