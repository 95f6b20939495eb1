package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.config.UnknownSetting;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.BulkStringSerializer;
import dev.fraudwatch.rules.Decision;
import dev.fraudwatch.rules.DecisionStream;
import dev.fraudwatch.rules.RuleSet;
import dev.fraudwatch.rules.RulesSettings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FraudWatch detection job, built from its sources and its sink (flink-training style): {@link #build} wires
 * the same graph whether the sources are Kafka or fixed test records.
 *
 * <pre>
 * bank_transactions -> decode (bad -> dead letter) -> event time, watermark 5 s
 *   -> decide (rules module; keyed by account, fraud_control commands, fraud_rules broadcast; repeats -> dead letter)
 *        -> late check (a copy of each transaction too late for its dashboard window -> dead letter)
 *        -> fraud_alerts (REVIEW, BLOCK; follow-up REVIEW for a burst's first transaction), blocked_customers (BLOCK)
 *        -> analytics table -> fraud_dashboard (1-min windows), customer_risk (upsert by account)
 * </pre>
 */
public final class FraudDetectionJob {

    private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionJob.class);
    /** Where {@link #main}'s flag-level settings come from, as named in an unknown-key warning. */
    static final String PROGRAM_ARGUMENT = "program argument";

    /**
     * What a run over a backlog computes ({@link BacklogRun}): this job, or the original system's job as it ran
     * ({@link OriginalSqlJob}, the benchmark's baseline).
     */
    public enum Mode { FULL, ORIGINAL }

    private static final TypeInformation<Transaction> TRANSACTION = TypeInformation.of(Transaction.class);

    private final JobSources sources;
    private final JobSinks sinks;
    private final Topics topics;
    private final DetectorConfig config;
    private final RulesSettings rules;

    public FraudDetectionJob(JobSources sources, JobSinks sinks, Topics topics, DetectorConfig config,
                             RulesSettings rules) {
        this.sources = sources;
        this.sinks = sinks;
        this.topics = topics;
        this.config = config;
        this.rules = rules;
    }

    /** Adds the job's graph to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        String dlq = topics.deadLetter();
        List<DataStream<OutRecord>> deadLetters = new ArrayList<>();

        WatermarkStrategy<DecodedTransaction> watermarks = WatermarkStrategy
            .<DecodedTransaction>forBoundedOutOfOrderness(config.watermarkDelay())
            .withTimestampAssigner((d, previous) -> d.timestamp())
            .withIdleness(config.idleness());
        SingleOutputStreamOperator<Transaction> decoded = sources.transactions(env, watermarks)
            .process(new DecodeTransactions(dlq), TRANSACTION).name("decode-transactions").uid("fraudwatch-decode");
        deadLetters.add(decoded.getSideOutput(DeadLetter.TAG));

        SingleOutputStreamOperator<Decision> decisions = decide(env, decoded, deadLetters);
        DecisionRecords records = new DecisionRecords(topics);
        DataStream<OutRecord> retroactive = decisions.getSideOutput(DecisionStream.RETROACTIVE)
            .map(records::retroactive, OutRecord.TYPE).name("retroactive-alerts");
        decisions.flatMap(records, OutRecord.TYPE)
            .name("alerts-and-blocks").uid("fraudwatch-decision-records")
            .union(retroactive)
            .sinkTo(sinks.atLeastOnce()).name("decisions-to-kafka").uid("fraudwatch-sink-decisions");
        SingleOutputStreamOperator<Decision> onTime = decisions
            .process(new LateEvents(dlq, topics.transactions(), FraudAnalytics.WINDOW.toMillis()),
                TypeInformation.of(Decision.class))
            .name("late-events").uid("fraudwatch-late-events");
        deadLetters.add(onTime.getSideOutput(DeadLetter.TAG));
        analytics(env, onTime);

        DataStream<OutRecord> dead = deadLetters.get(0)
            .union(deadLetters.subList(1, deadLetters.size()).toArray(DataStream[]::new));
        dead.sinkTo(sinks.exactlyOnce("dead-letter")).name("dead-letter-to-kafka").uid("fraudwatch-sink-dead-letter");
    }

    private SingleOutputStreamOperator<Decision> decide(StreamExecutionEnvironment env,
            DataStream<Transaction> transactions, List<DataStream<OutRecord>> deadLetters) {
        String dlq = topics.deadLetter();
        SingleOutputStreamOperator<RuleSet> ruleSets = sources.rules(env)
            .process(new DecodeControl.Rules(dlq), TypeInformation.of(RuleSet.class))
            .name("decode-rules").uid("fraudwatch-decode-rules");
        SingleOutputStreamOperator<AccountCommand> commands = sources.commands(env)
            .process(new DecodeControl.Commands(dlq), TypeInformation.of(AccountCommand.class))
            .name("decode-commands").uid("fraudwatch-decode-commands");
        deadLetters.add(ruleSets.getSideOutput(DeadLetter.TAG));
        deadLetters.add(commands.getSideOutput(DeadLetter.TAG));
        SingleOutputStreamOperator<Decision> decisions = DecisionStream.decide(transactions,
            commands.assignTimestampsAndWatermarks(ControlWatermarks.strategy()).name("control-watermarks")
                .uid("fraudwatch-control-watermarks"),
            ruleSets.assignTimestampsAndWatermarks(ControlWatermarks.strategy()).name("rules-watermarks")
                .uid("fraudwatch-rules-watermarks"),
            rules.initialRules(), rules.historyTtl());
        String rulesTopic = topics.rules();
        deadLetters.add(decisions.getSideOutput(DecisionStream.REJECTED_RULES)
            .map(why -> DeadLetter.of(dlq, rulesTopic, null, null, null, why), OutRecord.TYPE)
            .name("rejected-rules-to-dead-letter"));
        String transactionsTopic = topics.transactions();
        deadLetters.add(decisions.getSideOutput(DecisionStream.DUPLICATES)
            .map(t -> DeadLetter.of(dlq, transactionsTopic, t.accountNumber().getBytes(StandardCharsets.UTF_8),
                Json.toBytes(t), "Transaction ID", DeadLetter.DUPLICATE + " Transaction ID " + t.transactionId()
                    + ": account " + t.accountNumber() + " already had a transaction with this id; it was decided "
                    + "once and is not decided or counted again"), OutRecord.TYPE)
            .name("duplicates-to-dead-letter"));
        decisions.getSideOutput(DecisionStream.RULES_IN_FORCE)
            .map(r -> {
                LOG.info("Rules in force: {}", new String(r.toJson(), StandardCharsets.UTF_8));
                return r.version();
            }).name("log-rules-in-force");
        return decisions;
    }

    /**
     * The original's analytics. {@code customer_risk} is kept per account next to the decision (same key, no
     * extra shuffle; see {@link CustomerRiskFunction}); {@code fraud_dashboard}'s event-time windows are Flink SQL.
     */
    private void analytics(StreamExecutionEnvironment env, SingleOutputStreamOperator<Decision> decisions) {
        DataStreamUtils.reinterpretAsKeyedStream(decisions, d -> d.transaction().accountNumber(),
                BulkStringSerializer.TYPE)
            .process(new CustomerRiskFunction(topics.customerRisk()), OutRecord.TYPE)
            .name("customer-risk").uid("fraudwatch-customer-risk")
            .sinkTo(sinks.exactlyOnce("customer-risk")).name("customer-risk-to-kafka")
            .uid("fraudwatch-sink-customer-risk");

        DataStream<Row> rows = decisions.map(d -> AnalyticsInput.row(d.transaction(), d.flagged()),
            AnalyticsInput.ROW_TYPE).name("decision-to-analytics-row").uid("fraudwatch-analytics-row");
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Table input = AnalyticsInput.table(tEnv, rows);
        tEnv.toDataStream(FraudAnalytics.dashboard(tEnv, input))
            .map(new AnalyticsRecords.Dashboard(topics.fraudDashboard()), OutRecord.TYPE)
            .name("dashboard-records")
            .sinkTo(sinks.exactlyOnce("dashboard")).name("dashboard-to-kafka").uid("fraudwatch-sink-dashboard");
    }

    /**
     * Entry point for a Flink cluster ({@code flink run detector-job.jar} or REST {@code /jars/.../run}): reads the
     * same settings as FraudWatch (program arguments {@code key=value} as flags, then {@code FW_*} environment,
     * then defaults) and runs the job with Kafka endpoints. Checkpointing is set up as for the embedded run; the
     * cluster's own configuration provides everything else. A given key the job does not read (most likely a typo)
     * is logged as a WARN, as every {@code fraudwatch} command does, and the job starts anyway.
     */
    public static void main(String[] args) throws Exception {
        Settings settings = settings(args, System.getenv());
        // before the parsing below, so a typo behind a missing or invalid setting is reported next to its error
        unknownKeys(settings).forEach(u -> LoggerFactory.getLogger(Settings.class).warn(u.message()));
        KafkaSettings kafka = KafkaSettings.from(settings, Optional.empty());
        DetectorConfig config = DetectorConfig.from(settings);
        Configuration conf = FlinkSetup.configuration(config, Optional.empty());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaEndpoints endpoints = KafkaEndpoints.of(kafka, config);
        new FraudDetectionJob(endpoints, endpoints, kafka.topics(), config, RulesSettings.from(settings)).build(env);
        env.execute(config.jobName());
    }

    /** The job's settings: program arguments {@code key=value} as flags, then {@code FW_*} variables, defaults. */
    static Settings settings(String[] args, Map<String, String> environment) {
        return Settings.load(null, false, null, flags(args), environment);
    }

    /**
     * The given keys the job reads nowhere, with the nearest known key. Known are the keys of the defaults files on
     * the job's classpath, as for the launcher's commands: in the job jar those of core ({@code kafka.*},
     * {@code data.dir}), kafka, rules and detector, merged by the shade plugin, plus the pass-through prefixes.
     */
    static List<UnknownSetting> unknownKeys(Settings settings) {
        return settings.unknownKeys(PROGRAM_ARGUMENT);
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
