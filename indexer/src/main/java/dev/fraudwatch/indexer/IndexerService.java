package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EsClientFactory;
import dev.fraudwatch.indexer.es.IndexAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The indexer as a {@link Service} of {@code fraudwatch up}: on start it waits for the cluster, creates the index
 * templates and indices (idempotently), applies configured disk watermarks to an external cluster, and runs one
 * {@link KafkaToElasticsearchIndexer} thread per {@link IndexDefinition}, each in its own consumer group
 * ({@code <indexer.group.id>-<index>}); more instances of FraudWatch share the partitions of those groups.
 */
public final class IndexerService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerService.class);
    private static final Duration CLUSTER_WAIT = Duration.ofSeconds(60);

    private final ElasticsearchSettings es;
    private final KafkaSettings kafka;
    private final IndexerSettings settings;
    private final List<IndexDefinition> definitions;
    private final List<KafkaToElasticsearchIndexer> indexers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ElasticsearchClient client;

    public IndexerService(ElasticsearchSettings es, KafkaSettings kafka, IndexerSettings settings,
                          List<IndexDefinition> definitions) {
        this.es = es;
        this.kafka = kafka;
        this.settings = settings;
        this.definitions = List.copyOf(definitions);
    }

    /** The four standard definitions (customer_risk, blocked_customers, fraud_dashboard, fraud_alerts). */
    public IndexerService(ElasticsearchSettings es, KafkaSettings kafka, IndexerSettings settings) {
        this(es, kafka, settings, IndexDefinitions.standard(kafka.topics(), es.indices(), Clock.systemUTC()));
    }

    /** {@code embeddedElasticsearchUrl}: the embedded node's URL, used when {@code elasticsearch.url} is empty. */
    public static IndexerService fromSettings(Settings s, KafkaSettings kafka,
                                              Optional<String> embeddedElasticsearchUrl) {
        return new IndexerService(ElasticsearchSettings.from(s, embeddedElasticsearchUrl), kafka,
            IndexerSettings.from(s));
    }

    @Override
    public String name() {
        return "indexer (Kafka -> Elasticsearch)";
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        client = EsClientFactory.create(es);
        awaitCluster();
        if (!es.embedded()) {
            IndexAdmin.applyDiskWatermarks(client, es.diskWatermarks());
        }
        for (IndexDefinition d : definitions) {
            IndexerSettings own = settings.forIndex(d.contractName());
            IndexAdmin.ensureIndex(client, d.index(), d.mappingJson(), own.indexShards(), own.refreshInterval());
        }
        for (IndexDefinition d : definitions) {
            KafkaToElasticsearchIndexer indexer = new KafkaToElasticsearchIndexer(d, client, kafka,
                settings.forIndex(d.contractName()));
            Thread t = new Thread(indexer, "indexer-" + d.name());
            indexers.add(indexer);
            threads.add(t);
            t.start();
        }
        LOG.info("indexing into {}: {}", es.url(), definitions);
    }

    /** Waits until the cluster answers with health yellow or green (it may still be starting in parallel). */
    private void awaitCluster() throws InterruptedException {
        long deadline = System.nanoTime() + CLUSTER_WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HealthStatus s = client.cluster().health(h -> h.waitForStatus(HealthStatus.Yellow)
                    .timeout(t -> t.time("5s"))).status();
                if (s != HealthStatus.Red) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Elasticsearch at " + es.url() + " (setting '" + ElasticsearchSettings.URL
            + "') is not reachable or not healthy after " + CLUSTER_WAIT.toSeconds() + " s"
            + (last == null ? "" : ": " + last.getMessage()));
    }

    public List<KafkaToElasticsearchIndexer> indexers() {
        return List.copyOf(indexers);
    }

    @Override
    public List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (IndexDefinition d : definitions) {
            out.add(d.topic() + " -> " + es.url() + "/" + d.index());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        indexers.forEach(KafkaToElasticsearchIndexer::close);
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        indexers.clear();
        threads.clear();
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing the Elasticsearch client: {}", e.getMessage());
            }
            client = null;
        }
    }
}
