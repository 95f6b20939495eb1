package dev.fraudwatch.detector;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.kafka.EmbeddedKafka;
import dev.fraudwatch.kafka.TopicAdmin;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.RulesSettings;
import dev.fraudwatch.rules.quality.DetectionQuality;
import dev.fraudwatch.simulator.SendReport;
import dev.fraudwatch.simulator.Simulator;
import dev.fraudwatch.simulator.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fraudwatch evaluate}: detection quality on the default simulation. Sends a seeded simulation (ground
 * truth in header {@code fw-scenario}) to fresh topics, runs the production detection job over it, joins
 * {@code fraud_alerts} with the ground truth by {@code Transaction ID} and prints recall per scenario, precision
 * and the share of legitimate transactions flagged. Uses the configured Kafka (own, suffixed topics) or an
 * embedded broker in a temporary directory. Exit code 0 when the targets are met, 1 when not.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Measure detection quality: seeded simulation through the detection job, recall per scenario.")
public final class EvaluateCommand implements Callable<Integer> {

    /** Targets of issue 3 on the default simulation. */
    public static final double MIN_RECALL = 0.95;
    public static final double MAX_LEGITIMATE_FLAGGED = 0.01;
    static final LocalDateTime START = LocalDateTime.of(2025, 3, 1, 12, 0);

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Simulation seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "20000", description = "Transactions (default ${DEFAULT-VALUE}).")
    long count;

    /** Stand-alone entry point (the launcher registers the command as {@code fraudwatch evaluate}). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new EvaluateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = common.settings();
        Path work = Files.createTempDirectory("fraudwatch-evaluate");
        EmbeddedKafka broker = settings.find("kafka.bootstrap.servers").isPresent() ? null
            : EmbeddedKafka.start(work.resolve("kafka"), 0, 0, settings.getInt("kafka.partitions"));
        try {
            String suffix = "evaluate_" + seed + "_" + Long.toString(System.currentTimeMillis(), 36);
            KafkaSettings kafka = KafkaSettings.from(settings,
                Optional.ofNullable(broker).map(EmbeddedKafka::bootstrapServers))
                .withTopics(Topics.defaults().withSuffix(suffix));
            TopicAdmin.ensureTopics(kafka);
            SimulatorConfig sim = SimulatorConfig.fromSettings(settings).withSeed(seed).withCount(count).withRate(0)
                .withSimulatedClock(START).withProgressInterval(Duration.ZERO);
            out.println("Simulating: " + sim.describe());
            out.flush();
            SendReport sent = new Simulator(sim, kafka, line -> { }).run();
            out.println(sent.summary());
            if (!sent.ok()) {
                return 1;
            }
            DetectorConfig config = DetectorConfig.from(settings)
                .withCheckpoints(work.resolve("checkpoints"), Duration.ofSeconds(2))
                .withNames("fraudwatch-evaluate", "fraudwatch-" + suffix, "fraudwatch-" + suffix);
            long t0 = System.nanoTime();
            BacklogRun.run(kafka, config, RulesSettings.from(settings), FraudDetectionJob.Mode.FULL);
            out.printf(Locale.ROOT, "Detection job processed %d transactions in %.1f s%n", sent.sent(),
                (System.nanoTime() - t0) / 1e9);
            DetectionQuality quality = tally(kafka);
            out.print(quality.report());
            boolean ok = true;
            for (String s : quality.scenarios()) {
                if (quality.recall(s) < MIN_RECALL) {
                    out.printf(Locale.ROOT, "TARGET MISSED: recall of %s %.4f < %.2f%n", s, quality.recall(s),
                        MIN_RECALL);
                    ok = false;
                }
            }
            if (quality.falseAlarmRate() > MAX_LEGITIMATE_FLAGGED) {
                out.printf(Locale.ROOT, "TARGET MISSED: %.4f%% of legitimate transactions were false alarms > %.0f%%%n",
                    100 * quality.falseAlarmRate(), 100 * MAX_LEGITIMATE_FLAGGED);
                ok = false;
            }
            out.println(ok ? "Targets met: recall >= 0.95 for every scenario, <= 1% of legitimate transactions "
                + "falsely flagged (holds of accounts blocked for real fraud are listed above, not counted)."
                : "Targets NOT met.");
            return ok ? 0 : 1;
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(work);
        }
    }

    /** Ground truth from the transactions topic's header, decisions from fraud_alerts (absent: ALLOW). */
    static DetectionQuality tally(KafkaSettings kafka) {
        Map<String, FraudAlert> alerts = new HashMap<>();
        BacklogRun.readAll(kafka, kafka.topics().fraudAlerts(), r -> {
            FraudAlert a = Json.fromBytes(r.value(), FraudAlert.class);
            alerts.put(a.transactionId(), a);
        });
        DetectionQuality quality = new DetectionQuality();
        BacklogRun.readAll(kafka, kafka.topics().transactions(), r -> {
            Transaction t = Json.fromBytes(r.value(), Transaction.class);
            var h = r.headers().lastHeader(Headers.SCENARIO);
            String scenario = h == null ? DetectionQuality.LEGITIMATE : new String(h.value(), StandardCharsets.UTF_8);
            FraudAlert a = alerts.get(t.transactionId());
            Decision d = a == null ? new Decision(t, FraudAlert.Decision.ALLOW, 0, List.of(), null)
                : new Decision(t, a.decision(), a.riskScore(), a.firedRules(), null);
            quality.add(scenario, d);
        });
        return quality;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
