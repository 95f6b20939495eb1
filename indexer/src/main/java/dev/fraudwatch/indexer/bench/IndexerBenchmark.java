package dev.fraudwatch.indexer.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.CustomerRisk;
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
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures the indexer's sustained rate (documents/s) from Kafka into Elasticsearch for {@code blocked_customers}
 * documents, and, measured the same way (Kafka backlog in, documents acknowledged by Elasticsearch out), the
 * original's approach: one index request per consumed record, no id.
 *
 * <p>The three steps are public so other tools ({@code fraudwatch bench}) run them against any broker and cluster:
 * {@link #produce}, {@link #indexer} and {@link #naive}. {@link #main} runs them on an embedded broker
 * and node. A rate counts from the moment 5 % of the documents are done to the end, so consumer-group start-up is
 * not part of it; a run that makes no progress for {@link #STALL_TIMEOUT} fails with an error saying how far it got.
 */
public final class IndexerBenchmark {

    /** A run fails when its count does not move for this long. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

    private IndexerBenchmark() {
    }

    /**
     * {@code IndexerBenchmark [docs] [naiveDocs] [key=value ...]} (defaults 200000 and 10000): starts a broker and an
     * Elasticsearch node in a temporary directory, produces the records, runs {@link #indexer} and {@link #naive}
     * and prints both rates side by side. Keys: {@code bulk} (documents per bulk), {@code in-flight},
     * {@code flush-ms}, {@code shards}, {@code refresh} (e.g. {@code 5s}), {@code heap} (node heap, default 1g),
     * and {@code es.<setting>} for any node setting (e.g. {@code es.node.processors=2}); defaults: the documented
     * indexer settings.
     */
    public static void main(String[] args) throws Exception {
        int docs = 200_000;
        int naiveDocs = 10_000;
        IndexerSettings settings = IndexerSettings.defaults("fraudwatch");
        String heap = "1g";
        String kind = "blocked_customers";
        int accounts = 100_000;
        Map<String, String> nodeSettings = new TreeMap<>();
        int positional = 0;
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                if (positional++ == 0) {
                    docs = Integer.parseInt(a);
                } else {
                    naiveDocs = Integer.parseInt(a);
                }
                continue;
            }
            String key = a.substring(0, eq);
            String v = a.substring(eq + 1);
            switch (key) {
                case "bulk" -> settings = settings.withBulk(Integer.parseInt(v), settings.flushInterval());
                case "flush-ms" -> settings = settings.withBulk(settings.maxActions(),
                    Duration.ofMillis(Long.parseLong(v)));
                case "in-flight" -> settings = settings.withMaxInFlight(Integer.parseInt(v));
                case "shards" -> settings = settings.withIndex(Integer.parseInt(v), settings.refreshInterval());
                case "refresh" -> settings = settings.withIndex(settings.indexShards(), v);
                case "heap" -> heap = v;
                case "kind" -> kind = switch (v) {
                    case "blocked_customers", "customer_risk" -> v;
                    default -> throw new IllegalArgumentException("kind is blocked_customers or customer_risk, not "
                        + v);
                };
                case "accounts" -> accounts = Integer.parseInt(v);
                default -> {
                    if (!key.startsWith("es.")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    nodeSettings.put(key.substring(3), v);
                }
            }
        }
        Path dir = Files.createTempDirectory("fw-indexer-bench",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0, 3);
             EmbeddedElasticsearch es = new EmbeddedElasticsearch(EmbeddedElasticsearch.Config.local(dir.resolve("es"),
                 0).withHeap(heap).withNodeSettings(nodeSettings))) {
            es.start();
            String suffix = "bench_" + UUID.randomUUID().toString().substring(0, 8);
            KafkaSettings k = KafkaSettings.local(kafka.bootstrapServers(), Topics.defaults().withSuffix(suffix));
            TopicAdmin.ensureTopics(k);
            boolean risk = kind.equals("customer_risk");
            String topic = risk ? k.topics().customerRisk() : k.topics().blockedCustomers();
            int n = Math.max(docs, naiveDocs);
            long bytes = risk ? produceCustomerRisk(kafka.bootstrapServers(), topic, n, accounts)
                : produce(kafka.bootstrapServers(), topic, n);
            System.out.printf("produced %,d %s records (%d bytes each on average%s); node heap %s, "
                + "node settings %s; %s%n", n, kind, bytes / n, risk ? ", over " + accounts + " accounts" : "", heap,
                nodeSettings, settings);

            String index = kind + "_" + suffix;
            double indexerRate = indexer(kafka.bootstrapServers(), es.url(), docs, settings,
                risk ? IndexDefinitions.customerRisk(topic, index, java.time.Clock.systemUTC())
                    : IndexDefinitions.blockedCustomers(topic, index));
            double naiveRate = naiveDocs == 0 ? Double.NaN : naive(kafka.bootstrapServers(), topic, es.url(),
                kind + "_naive_" + suffix, naiveDocs);

            System.out.println();
            System.out.println("approach                                          documents   sustained docs/s");
            System.out.printf("FraudWatch indexer (bulk %d, %d in flight, %d shards) %9d   %,16.0f%n",
                settings.maxActions(), settings.maxInFlight(), settings.indexShards(), docs, indexerRate);
            System.out.printf("original: one request per document, no id        %9d   %,16.0f%n", naiveDocs,
                naiveRate);
            System.out.printf("speed-up: %.1fx%n", indexerRate / naiveRate);
        }
    }

    /**
     * Writes {@code count} {@code blocked_customers} records (deterministic, seed 42) to {@code topic}, no key, and
     * returns the total bytes of their values.
     */
    public static long produce(String bootstrapServers, String topic, int count) {
        Random random = new Random(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrapServers))) {
            for (int i = 0; i < count; i++) {
                byte[] v = Json.toBytes(blocked(random, i));
                bytes += v.length;
                producer.send(new ProducerRecord<>(topic, null, v));
            }
        }
        return bytes;
    }

    /**
     * Writes {@code count} {@code customer_risk} upserts (deterministic, seed 42) to {@code topic}, as the detection
     * job does: keyed {@code {"Account Number": ...}}, one per transaction of an account drawn at random from
     * {@code accounts}, each carrying that account's running totals; returns the total bytes of their values.
     */
    public static long produceCustomerRisk(String bootstrapServers, String topic, int count, int accounts) {
        Random random = new Random(42);
        long[] txns = new long[accounts];
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrapServers))) {
            for (int i = 0; i < count; i++) {
                int a = random.nextInt(accounts);
                long total = ++txns[a];
                String account = String.format("ACC%010d", 1_000_000_000L + a);
                double avg = 100 + random.nextInt(490_000) / 100.0;
                CustomerRisk row = new CustomerRisk("Customer " + a, account, total, total / 20,
                    avg, CustomerRisk.riskLevel(total / 20, avg, avg), 0.1 + random.nextInt(80) / 100.0, "ACTIVE",
                    null);
                byte[] v = Json.toBytes(row);
                bytes += v.length;
                producer.send(new ProducerRecord<>(topic, Json.toBytes(Map.of("Account Number", account)), v));
            }
        }
        return bytes;
    }

    private static Properties producerProps(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
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

    /**
     * Runs FraudWatch's indexer (the {@code blocked_customers} definition, ids by transaction id) over {@code topic}
     * from its beginning into {@code index} (created with the settings' shards and general refresh interval) until
     * {@code docs} records are committed, i.e. acknowledged by Elasticsearch; returns the sustained docs/s.
     * The settings' group id gets a random suffix, so every run reads the whole topic.
     */
    public static double indexer(String bootstrapServers, String topic, String elasticsearchUrl, String index,
                                 int docs, IndexerSettings settings) throws Exception {
        return indexer(bootstrapServers, elasticsearchUrl, docs, settings, IndexDefinitions.blockedCustomers(topic,
            index));
    }

    /** The same for any index definition (its topic into its index). */
    static double indexer(String bootstrapServers, String elasticsearchUrl, int docs, IndexerSettings settings,
                          IndexDefinition def) throws Exception {
        KafkaSettings k = KafkaSettings.local(bootstrapServers, Topics.defaults());
        // The general intervals, not blocked_customers' own: this measures bulk throughput, which the short ones
        // tuned for search latency would only lower.
        IndexerSettings s = settings.withGroupId(settings.groupId() + "-bench-" + UUID.randomUUID())
            .withoutIndexOverrides();
        try (IndexerService svc = new IndexerService(ElasticsearchSettings.local(elasticsearchUrl,
            IndexNames.defaults()), k, s, List.of(def))) {
            svc.start();
            IndexerMetrics m = svc.indexers().get(0).metrics();
            return sustainedRate(m::committedRecords, docs, "indexer", () -> null);
        }
    }

    /** {@link #indexer(String, String, String, String, int, IndexerSettings)} with the documented defaults. */
    public static double indexer(String bootstrapServers, String topic, String elasticsearchUrl, String index,
                                 int docs) throws Exception {
        return indexer(bootstrapServers, topic, elasticsearchUrl, index, docs, IndexerSettings.defaults("fraudwatch"));
    }

    /**
     * The original's approach over {@code topic} from its beginning: for each consumed record
     * {@code es.index(index, document)}, no id, offsets auto-committed; returns the sustained docs/s once
     * {@code docs} documents were acknowledged.
     */
    public static double naive(String bootstrapServers, String topic, String elasticsearchUrl, String index,
                               int docs) throws Exception {
        IndexDefinition def = IndexDefinitions.blockedCustomers(topic, index);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (ElasticsearchClient client = EsClientFactory.create(ElasticsearchSettings.local(elasticsearchUrl,
                 IndexNames.defaults()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            IndexAdmin.ensureIndex(client, index, def.mappingJson());
            consumer.subscribe(List.of(def.topic()));
            AtomicLong done = new AtomicLong();
            AtomicReference<Throwable> failed = new AtomicReference<>();
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
                    failed.set(e);
                }
            }, "naive-indexer");
            t.setDaemon(true);
            t.start();
            double rate = sustainedRate(done::get, docs, "one request per document", failed::get);
            t.join();
            return rate;
        }
    }

    /**
     * Polls {@code progress} until {@code total}; the rate from 5 % done to the end. Fails when {@code failure}
     * reports an error or the count stalls for {@link #STALL_TIMEOUT}.
     */
    static double sustainedRate(LongSupplier progress, long total, String what,
                                Supplier<Throwable> failure) throws InterruptedException {
        long warm = Math.max(1, total / 20);
        long tWarm = 0;
        long nWarm = 0;
        CpuTimes cpuWarm = null;
        long lastPrint = System.nanoTime();
        long lastN = -1;
        long lastMove = System.nanoTime();
        while (true) {
            long n = progress.getAsLong();
            long now = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException(what + " failed after " + n + " of " + total + " documents: "
                    + failure.get(), failure.get());
            }
            if (n != lastN) {
                lastN = n;
                lastMove = now;
            } else if (now - lastMove > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException(what + ": no progress for " + STALL_TIMEOUT.toSeconds() + " s at " + n
                    + " of " + total + " documents acknowledged; is Elasticsearch healthy, and does the topic hold "
                    + total + " records?");
            }
            if (tWarm == 0 && n >= warm) {
                tWarm = now;
                nWarm = n;
                cpuWarm = CpuTimes.now();
            }
            if (n >= total) {
                if (n == nWarm) {
                    throw new IllegalStateException(what + ": all " + total + " documents were acknowledged between "
                        + "two polls, too few to measure a rate; give it more documents");
                }
                double seconds = (now - tWarm) / 1e9;
                System.out.printf("%s: %,d documents, %,.0f docs/s over the last %.1f s%n", what, n,
                    (n - nWarm) / seconds, seconds);
                System.out.println("    " + CpuTimes.now().since(cpuWarm, n - nWarm, seconds));
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
