package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.indexer.es.ElasticsearchExtension;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EmbeddedElasticsearch;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.fraudwatch.indexer.Fixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ElasticsearchOutageIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    @Test
    void elasticsearchStoppedMidRunAndRestartedLosesNothing() throws Exception {
        KafkaSettings k = kafka.newTopics();
        IndexNames names = es.newIndices();
        IndexDefinition def = IndexDefinitions.blockedCustomers(k.topics().blockedCustomers(),
            names.blockedCustomers());
        IndexerSettings settings = IndexerSettings.defaults("g-" + KafkaBrokerExtension.uniqueSuffix())
            .withBulk(50, Duration.ofMillis(100)).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        EmbeddedElasticsearch node = ElasticsearchExtension.node();
        try (IndexerService svc = new IndexerService(ElasticsearchSettings.local(es.url(), names), k, settings,
            List.of(def))) {
            svc.start();
            IndexerMetrics metrics = svc.indexers().get(0).metrics();
            try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
                for (int i = 0; i < 200; i++) {
                    send(p, k.topics().blockedCustomers(), null, Fixtures.blocked(i));
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.committedRecords() == 200);

            node.stop();
            try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
                for (int i = 200; i < 500; i++) {
                    send(p, k.topics().blockedCustomers(), null, Fixtures.blocked(i));
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.failedAttempts() >= 3);
            assertThat(metrics.committedRecords()).as("nothing committed while Elasticsearch is down").isEqualTo(200);

            node.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> metrics.committedRecords() == 500);
            try (ElasticsearchClient client = es.client()) {
                client.indices().refresh(r -> r.index(names.blockedCustomers()));
                assertThat(client.count(c -> c.index(names.blockedCustomers())).count()).isEqualTo(500);
            }
            assertThat(metrics.deadLettered()).isZero();
        } finally {
            ElasticsearchExtension.node();
        }
    }
}
