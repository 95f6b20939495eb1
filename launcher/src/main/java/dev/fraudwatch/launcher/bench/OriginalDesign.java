package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.detector.BacklogRun;
import dev.fraudwatch.detector.DetectorConfig;
import dev.fraudwatch.detector.FraudDetectionJob;
import dev.fraudwatch.indexer.IndexerSettings;
import dev.fraudwatch.indexer.bench.IndexerBenchmark;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.kafka.TopicAdmin;
import dev.fraudwatch.rules.RulesSettings;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * The original system's design on the same machine in the same run, on the running system's broker and
 * Elasticsearch node (own topics and indices): its analytics alone, the contract's SQL through Flink
 * ({@code BacklogRun} in ORIGINAL mode), against FraudWatch's full detection job over the same pre-filled backlog;
 * and its one-request-per-document indexing against the FraudWatch indexer ({@link IndexerBenchmark}'s methods).
 */
final class OriginalDesign {

    /** Rates in transactions or documents per second; the ratios are FraudWatch over the original. */
    record Figures(long backlogTransactions, double fullJobTxPerSecond, double originalSqlTxPerSecond,
                   double ratioFullToOriginal, long indexerDocs, double indexerDocsPerSecond, long perDocumentDocs,
                   double perDocumentDocsPerSecond, double indexerSpeedup) {
    }

    private OriginalDesign() {
    }

    static Figures measure(Settings settings, KafkaSettings kafka, String elasticsearchUrl, Path work,
                           long backlog, int customers, int indexerDocs, int perDocDocs, PrintStream out)
        throws Exception {
        Topics full = Topics.defaults().withSuffix("bench_backlog");
        Topics original = new Topics(full.transactions(), full.customerRisk() + "_original",
            full.fraudDashboard() + "_original", full.blockedCustomers() + "_original",
            full.fraudAlerts() + "_original", full.deadLetter() + "_original", full.rules() + "_original",
            full.control() + "_original");
        KafkaSettings kafkaFull = kafka.withTopics(full);
        KafkaSettings kafkaOriginal = kafka.withTopics(original);
        TopicAdmin.ensureTopics(kafkaFull);
        TopicAdmin.ensureTopics(kafkaOriginal);
        SimulatorConfig sim = SimulatorConfig.fromSettings(settings).withSeed(1).withCount(backlog).withRate(0)
            .withCustomers(customers).withSimulatedClock(LocalDateTime.of(2025, 3, 1, 12, 0))
            .withDuration(java.time.Duration.ZERO).withProgressInterval(java.time.Duration.ZERO);
        SendReport fill = new Simulator(sim, kafkaFull, line -> { }).run();
        if (!fill.ok()) {
            throw new IllegalStateException("pre-filling the backlog failed: " + fill.summary());
        }
        out.printf(Locale.ROOT, "  backlog: %,d transactions pre-filled%n", fill.delivered());

        DetectorConfig base = DetectorConfig.from(settings).withWebPort(-1);
        double a = run(kafkaFull, base.withCheckpoints(work.resolve("checkpoints-full"), base.checkpointInterval())
            .withNames("bench-backlog-full", "bench-backlog-full", "bench-backlog-full"), FraudDetectionJob.Mode.FULL,
            backlog);
        double b = run(kafkaOriginal, base.withCheckpoints(work.resolve("checkpoints-original"),
                base.checkpointInterval()).withNames("bench-backlog-original", "bench-backlog-original",
                "bench-backlog-original"), FraudDetectionJob.Mode.ORIGINAL, backlog);
        out.printf(Locale.ROOT, "  backlog of %,d: FraudWatch job %,.0f tx/s, original SQL alone %,.0f tx/s "
            + "(load %.1f)%n", backlog, a, b, Machine.loadAverage());

        // The indexer's settings as the running system uses them (bulk size, shards, refresh); own topic and indices.
        KafkaSettings k = kafka.withTopics(Topics.defaults().withSuffix("bench_indexer"));
        TopicAdmin.ensureTopics(k);
        String topic = k.topics().blockedCustomers();
        String index = IndexNames.defaults().withSuffix("bench_indexer").blockedCustomers();
        IndexerBenchmark.produce(k.bootstrapServers(), topic, Math.max(indexerDocs, perDocDocs));
        double bulk = IndexerBenchmark.indexer(k.bootstrapServers(), topic, elasticsearchUrl, index, indexerDocs,
            IndexerSettings.from(settings));
        double perDoc = IndexerBenchmark.naive(k.bootstrapServers(), topic, elasticsearchUrl, index + "_per_document",
            perDocDocs);
        return new Figures(backlog, a, b, a / b, indexerDocs, bulk, perDocDocs, perDoc, bulk / perDoc);
    }

    private static double run(KafkaSettings kafka, DetectorConfig config, FraudDetectionJob.Mode mode, long n)
        throws Exception {
        double seconds = BacklogRun.run(kafka, config, RulesSettings.defaults(), mode).getNetRuntime() / 1000.0;
        return n / seconds;
    }
}
