package dev.fraudwatch.indexer.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.IndexDefinition;
import dev.fraudwatch.indexer.IndexDefinitions;
import dev.fraudwatch.indexer.IndexerMetrics;
import dev.fraudwatch.indexer.IndexerService;
import dev.fraudwatch.indexer.IndexerSettings;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EmbeddedElasticsearch;
import dev.fraudwatch.indexer.es.EsClientFactory;
import dev.fraudwatch.indexer.es.IndexAdmin;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.kafka.EmbeddedKafka;
import dev.fraudwatch.kafka.TopicAdmin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Measures the indexer's sustained rate (documents/s) from Kafka into the embedded Elasticsearch node for
 * {@code blocked_customers} documents, and, measured the same way (Kafka backlog in, documents acknowledged by
 * Elasticsearch out), the original's approach: one index request per consumed record, no id.
 *
 * <p>Usage: {@code IndexerBenchmark [docs] [naiveDocs] [bulkActions]} (defaults 200000, 20000, 2000). Starts its own
 * Kafka broker and Elasticsearch node in a temporary directory. The rate counts from the moment 5 % of the
 * documents are done to the end, so consumer-group start-up is not part of it.
 */
public final class IndexerBenchmark {

    private IndexerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int naiveDocs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int bulk = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Path dir = Files.createTempDirectory("fw-indexer-bench",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0, 3);
             EmbeddedElasticsearch es = new EmbeddedElasticsearch(
                 EmbeddedElasticsearch.Config.local(dir.resolve("es"), 0))) {
            es.start();
            String suffix = "bench_" + UUID.randomUUID().toString().substring(0, 8);
            KafkaSettings k = KafkaSettings.local(kafka.bootstrapServers(), Topics.defaults().withSuffix(suffix));
            TopicAdmin.ensureTopics(k);
            IndexNames names = IndexNames.defaults().withSuffix(suffix);
            long bytes = produce(k, Math.max(docs, naiveDocs));
            System.out.printf("produced %,d blocked_customers records (%d bytes each on average)%n",
                Math.max(docs, naiveDocs), bytes / Math.max(docs, naiveDocs));

            double indexerRate = indexer(es, k, names, docs, bulk);
            double naiveRate = naive(es, k, names.blockedCustomers() + "_naive", naiveDocs);

            System.out.println();
            System.out.println("approach                                   documents   sustained docs/s");
            System.out.printf("FraudWatch indexer (bulk %5d, ids)        %9d   %,16.0f%n", bulk, docs, indexerRate);
            System.out.printf("original: one request per document, no id %9d   %,16.0f%n", naiveDocs, naiveRate);
            System.out.printf("speed-up: %.1fx%n", indexerRate / naiveRate);
        }
    }

    public static long produce(KafkaSettings k, int n) {
        Properties p = k.clientProps();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                byte[] v = Json.toBytes(blocked(random, i));
                bytes += v.length;
                producer.send(new ProducerRecord<>(k.topics().blockedCustomers(), null, v));
            }
        }
        return bytes;
    }

    /** A blocked transaction as the detection job writes it; deterministic for a seed. */
    static BlockedCustomer blocked(Random r, int i) {
        int account = r.nextInt(1000);
        return new BlockedCustomer("Customer " + account, String.format("ACC%010d", 1_000_000_000L + account),
            50_000 + r.nextInt(100_000) + r.nextInt(100) / 100.0, String.format("TRN%011d", i),
            String.format("2026-11-24 %02d:%02d:%02d.%06d", (i / 3600) % 24, (i / 60) % 60, i % 60, r.nextInt(1_000_000)),
            BlockedCustomer.AMOUNT_REASON, 0.8 + r.nextInt(20) / 100.0, List.of("amount-over-50000"),
            "2026-11-24T10:00:00Z");
    }

    public static double indexer(EmbeddedElasticsearch es, KafkaSettings k, IndexNames names, int docs, int bulk)
        throws Exception {
        IndexDefinition def = IndexDefinitions.blockedCustomers(k.topics().blockedCustomers(),
            names.blockedCustomers());
        IndexerSettings settings = IndexerSettings.defaults("bench-" + UUID.randomUUID())
            .withBulk(bulk, Duration.ofMillis(500));
        try (IndexerService svc = new IndexerService(ElasticsearchSettings.local(es.url(), names), k, settings,
            List.of(def))) {
            svc.start();
            IndexerMetrics m = svc.indexers().get(0).metrics();
            return sustainedRate(m::committedRecords, docs, "indexer");
        }
    }

    /** The original: for each consumed record, {@code es.index(index, document)}; offsets auto-committed. */
    public static double naive(EmbeddedElasticsearch es, KafkaSettings k, String index, int docs) throws Exception {
        IndexDefinition def = IndexDefinitions.blockedCustomers(k.topics().blockedCustomers(), index);
        Properties p = k.clientProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (ElasticsearchClient client = EsClientFactory.create(ElasticsearchSettings.local(es.url(),
                 IndexNames.defaults()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            IndexAdmin.ensureIndex(client, index, def.mappingJson());
            consumer.subscribe(List.of(def.topic()));
            AtomicLong done = new AtomicLong();
            Thread t = new Thread(() -> {
                try {
                    while (done.get() < docs) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (done.get() >= docs) {
                                break;
                            }
                            JsonNode doc = Json.MAPPER.readTree(r.value());
                            client.index(i -> i.index(index).document(doc));
                            done.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "naive-indexer");
            t.start();
            double rate = sustainedRate(done::get, docs, "one request per document");
            t.join();
            return rate;
        }
    }

    /** Polls {@code progress} until {@code total}; the rate from 5 % done to the end. */
    private static double sustainedRate(LongSupplier progress, long total, String what) throws InterruptedException {
        long warm = Math.max(1, total / 20);
        long tWarm = 0;
        long nWarm = 0;
        long lastPrint = System.nanoTime();
        while (true) {
            long n = progress.getAsLong();
            long now = System.nanoTime();
            if (tWarm == 0 && n >= warm) {
                tWarm = now;
                nWarm = n;
            }
            if (n >= total) {
                double seconds = (now - tWarm) / 1e9;
                System.out.printf("%s: %,d documents, %,.0f docs/s over the last %.1f s%n", what, total,
                    (n - nWarm) / seconds, seconds);
                return (n - nWarm) / seconds;
            }
            if (now - lastPrint > 5_000_000_000L) {
                System.out.printf("%s: %,d of %,d%n", what, n, total);
                lastPrint = now;
            }
            Thread.sleep(20);
        }
    }
}
