package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.DecisionStream;
import dev.fraudwatch.rules.RuleSet;
import dev.fraudwatch.rules.RulesSettings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FraudWatch detection job, built from its sources and its sink (flink-training style): {@link #build} wires
 * the same graph whether the sources are Kafka or fixed test records.
 *
 * <pre>
 * bank_transactions -> decode (bad -> dead letter) -> event time, watermark 5 s -> late check (-> dead letter)
 *   -> decide (rules module; keyed by account, fraud_control commands, fraud_rules broadcast)
 *        -> fraud_alerts (REVIEW, BLOCK), blocked_customers (BLOCK)
 *        -> analytics table -> fraud_dashboard (1-min windows), customer_risk (upsert by account)
 * </pre>
 * {@link Mode#ORIGINAL} runs the original system's job instead: flagged = upstream flag only, blocked = amount
 * over 50,000 (the benchmark's baseline).
 */
public final class FraudDetectionJob {

    private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionJob.class);

    /** What the job computes. */
    public enum Mode { FULL, ORIGINAL }

    private static final TypeInformation<Transaction> TRANSACTION = TypeInformation.of(Transaction.class);

    private final JobSources sources;
    private final Sink<OutRecord> sink;
    private final Topics topics;
    private final DetectorConfig config;
    private final RulesSettings rules;
    private final Mode mode;

    public FraudDetectionJob(JobSources sources, Sink<OutRecord> sink, Topics topics, DetectorConfig config,
                             RulesSettings rules, Mode mode) {
        this.sources = sources;
        this.sink = sink;
        this.topics = topics;
        this.config = config;
        this.rules = rules;
        this.mode = mode;
    }

    /** Adds the job's graph to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        String dlq = topics.deadLetter();
        List<DataStream<OutRecord>> outputs = new ArrayList<>();

        SingleOutputStreamOperator<Transaction> decoded = sources.transactions(env)
            .process(new DecodeTransactions(dlq), TRANSACTION).name("decode-transactions").uid("fraudwatch-decode");
        outputs.add(decoded.getSideOutput(DeadLetter.TAG));
        SingleOutputStreamOperator<Transaction> timed = decoded
            .assignTimestampsAndWatermarks(WatermarkStrategy
                .<Transaction>forBoundedOutOfOrderness(config.watermarkDelay())
                .withTimestampAssigner((t, previous) -> t.eventTimeMillis())
                .withIdleness(config.idleness()))
            .name("event-time-watermarks").uid("fraudwatch-watermarks");
        SingleOutputStreamOperator<Transaction> transactions = timed
            .process(new LateEvents(dlq, topics.transactions(), FraudAnalytics.WINDOW.toMillis()), TRANSACTION)
            .name("late-events").uid("fraudwatch-late-events");
        outputs.add(transactions.getSideOutput(DeadLetter.TAG));

        DataStream<Row> analyticsRows;
        if (mode == Mode.FULL) {
            SingleOutputStreamOperator<Decision> decisions = decide(env, transactions, outputs);
            outputs.add(decisions.flatMap(new DecisionRecords(topics), OutRecord.TYPE)
                .name("alerts-and-blocks").uid("fraudwatch-decision-records"));
            analyticsRows = decisions.map(d -> AnalyticsInput.row(d.transaction(), d.flagged()),
                AnalyticsInput.ROW_TYPE).name("decision-to-analytics-row").uid("fraudwatch-analytics-row");
        } else {
            String blockedTopic = topics.blockedCustomers();
            outputs.add(transactions.filter(t -> t.currentTransactionAmount() > BlockedCustomer.AMOUNT_THRESHOLD)
                .name("original-blocked-filter")
                .map(t -> OutRecord.of(blockedTopic, t.transactionId(), Json.toBytes(new BlockedCustomer(t.name(),
                    t.accountNumber(), t.currentTransactionAmount(), t.transactionId(), t.transactionTime(),
                    BlockedCustomer.AMOUNT_REASON))), OutRecord.TYPE)
                .name("original-blocked-records"));
            analyticsRows = transactions.map(t -> AnalyticsInput.row(t, t.upstreamFlagged()), AnalyticsInput.ROW_TYPE)
                .name("transaction-to-analytics-row").uid("fraudwatch-analytics-row");
        }
        analytics(env, analyticsRows, outputs);

        DataStream<OutRecord> all = outputs.get(0);
        all = all.union(outputs.subList(1, outputs.size()).toArray(DataStream[]::new));
        all.sinkTo(sink).name("kafka-sink").uid("fraudwatch-kafka-sink");
    }

    private SingleOutputStreamOperator<Decision> decide(StreamExecutionEnvironment env,
            DataStream<Transaction> transactions, List<DataStream<OutRecord>> outputs) {
        String dlq = topics.deadLetter();
        SingleOutputStreamOperator<RuleSet> ruleSets = sources.rules(env)
            .process(new DecodeControl.Rules(dlq), TypeInformation.of(RuleSet.class))
            .name("decode-rules").uid("fraudwatch-decode-rules");
        SingleOutputStreamOperator<AccountCommand> commands = sources.commands(env)
            .process(new DecodeControl.Commands(dlq), TypeInformation.of(AccountCommand.class))
            .name("decode-commands").uid("fraudwatch-decode-commands");
        outputs.add(ruleSets.getSideOutput(DeadLetter.TAG));
        outputs.add(commands.getSideOutput(DeadLetter.TAG));
        SingleOutputStreamOperator<Decision> decisions = DecisionStream.decide(transactions,
            commands.assignTimestampsAndWatermarks(ControlWatermarks.strategy()).name("control-watermarks")
                .uid("fraudwatch-control-watermarks"),
            ruleSets.assignTimestampsAndWatermarks(ControlWatermarks.strategy()).name("rules-watermarks")
                .uid("fraudwatch-rules-watermarks"),
            rules.initialRules(), rules.historyTtl());
        String rulesTopic = topics.rules();
        outputs.add(decisions.getSideOutput(DecisionStream.REJECTED_RULES)
            .map(why -> DeadLetter.of(dlq, rulesTopic, null, null, null, why), OutRecord.TYPE)
            .name("rejected-rules-to-dead-letter"));
        decisions.getSideOutput(DecisionStream.RULES_IN_FORCE)
            .map(r -> {
                LOG.info("Rules in force: {}", new String(r.toJson(), java.nio.charset.StandardCharsets.UTF_8));
                return r.version();
            }).name("log-rules-in-force");
        return decisions;
    }

    private void analytics(StreamExecutionEnvironment env, DataStream<Row> rows, List<DataStream<OutRecord>> outputs) {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        if (!config.miniBatch().isZero()) {
            Configuration t = new Configuration();
            t.setString("table.exec.mini-batch.enabled", "true");
            t.setString("table.exec.mini-batch.allow-latency", config.miniBatch().toMillis() + " ms");
            t.setString("table.exec.mini-batch.size", "5000");
            tEnv.getConfig().addConfiguration(t);
        }
        Table input = AnalyticsInput.table(tEnv, rows);
        outputs.add(tEnv.toDataStream(FraudAnalytics.dashboard(tEnv, input))
            .map(new AnalyticsRecords.Dashboard(topics.fraudDashboard()), OutRecord.TYPE)
            .name("dashboard-records"));
        outputs.add(tEnv.toChangelogStream(FraudAnalytics.customerRisk(tEnv, input))
            .flatMap(new AnalyticsRecords.Risk(topics.customerRisk()), OutRecord.TYPE)
            .name("customer-risk-records"));
    }

    /**
     * Entry point for a Flink cluster ({@code flink run detector-job.jar} or REST {@code /jars/.../run}): reads the
     * same settings as FraudWatch (program arguments {@code key=value} as flags, then {@code FW_*} environment,
     * then defaults) and runs the job with Kafka endpoints. Checkpointing is set up as for the embedded run; the
     * cluster's own configuration provides everything else.
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.load(null, false, null, flags(args), System.getenv());
        KafkaSettings kafka = KafkaSettings.from(settings, Optional.empty());
        DetectorConfig config = DetectorConfig.from(settings);
        Configuration conf = FlinkSetup.configuration(config, Optional.empty());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaEndpoints endpoints = KafkaEndpoints.of(kafka, config);
        new FraudDetectionJob(endpoints, endpoints.sink(), kafka.topics(), config, RulesSettings.from(settings),
            Mode.FULL).build(env);
        env.execute(config.jobName());
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (String a : args) {
            String s = a.startsWith("--") ? a.substring(2) : a;
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new dev.fraudwatch.core.config.ConfigException("Program argument '" + a
                    + "' must be key=value, e.g. kafka.bootstrap.servers=broker:9092.");
            }
            flags.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return flags;
    }
}
