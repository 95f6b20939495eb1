package dev.fraudwatch.rules;

import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.AccountCommand;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The keyed decision operator: loads the account's history and block, runs {@link DecisionEngine#step} with the
 * rules in force, stores the state back. Rule sets arrive on the broadcast side and are kept in broadcast state
 * (as JSON text, so the checkpointed form is the documented wire format), applying from the next transaction.
 */
final class DecisionFunction extends KeyedBroadcastProcessFunction<String, AccountInput, RuleSet, Decision> {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionFunction.class);
    private static final String CURRENT = "current";

    static final MapStateDescriptor<String, String> RULES_STATE =
        new MapStateDescriptor<>("fraudwatch-rules", Types.STRING, Types.STRING);

    private final RuleSet initial;
    private final Duration historyTtl;

    private transient ValueState<AccountHistory> history;
    private transient ValueState<AccountBlock> block;
    private transient RuleSet initialResolved;
    /** Parsed form of the broadcast JSON, reused while the JSON text is the same object. */
    private transient String cachedJson;
    private transient RuleSet cachedRules;

    DecisionFunction(RuleSet initial, Duration historyTtl) {
        this.initial = initial;
        this.historyTtl = historyTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<AccountHistory> historyDescriptor =
            new ValueStateDescriptor<>("account-history", new AccountHistorySerializer());
        // Processing-time TTL, refreshed on every write: an account silent for historyTtl starts afresh.
        historyDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(historyTtl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            // Each access checks one more entry for expiry (Flink's default is five): a full sweep of every
            // account still happens every (accounts / transactions per second) seconds, at a fifth of the cost.
            .cleanupIncrementally(1, false)
            .build());
        history = getRuntimeContext().getState(historyDescriptor);
        block = getRuntimeContext().getState(new ValueStateDescriptor<>("account-block", AccountBlock.class));
        initialResolved = initial.resolved();
    }

    @Override
    public void processElement(AccountInput in, ReadOnlyContext ctx, Collector<Decision> out) throws Exception {
        if (in.command != null) {
            apply(in.command, ctx);
            return;
        }
        AccountHistory h = history.value();
        if (h == null) {
            h = new AccountHistory();
        }
        AccountBlock before = block.value();
        DecisionEngine.Step step = DecisionEngine.step(in.transaction, h, before, rulesInForce(ctx));
        if (step.duplicate()) {
            ctx.output(DecisionStream.DUPLICATES, in.transaction);
            return;
        }
        history.update(h);
        if (step.block() != before) {
            block.update(step.block());
        }
        out.collect(step.decision());
        if (step.retroactive() != null) {
            ctx.output(DecisionStream.RETROACTIVE, step.retroactive());
        }
    }

    private void apply(AccountCommand c, ReadOnlyContext ctx) throws Exception {
        if (c.action() == AccountCommand.Action.UNBLOCK) {
            block.clear();
        } else if (c.action() == AccountCommand.Action.BLOCK) {
            String reason = blank(c.reason()) ? "blocked by an analyst" : c.reason();
            String by = blank(c.by()) ? "analyst" : c.by();
            block.update(new AccountBlock(blank(c.at()) ? commandTime(ctx) : c.at(), reason, by));
        }
    }

    /** The command's record timestamp (Kafka's), else now; in the {@code Transaction Time} layout. */
    private static String commandTime(ReadOnlyContext ctx) {
        Long ts = ctx.timestamp();
        long millis = ts != null && ts > 0 ? ts : ctx.currentProcessingTime();
        return TransactionTime.formatMicros(TransactionTime.fromEpochMillis(millis));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private RuleSet rulesInForce(ReadOnlyContext ctx) throws Exception {
        String json = ctx.getBroadcastState(RULES_STATE).get(CURRENT);
        if (json == null) {
            return initialResolved;
        }
        if (json != cachedJson) {
            cachedRules = RuleSet.fromJson(json.getBytes(StandardCharsets.UTF_8)).resolved();
            cachedJson = json;
        }
        return cachedRules;
    }

    @Override
    public void processBroadcastElement(RuleSet rules, Context ctx, Collector<Decision> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(RULES_STATE);
        String currentJson = state.get(CURRENT);
        long currentVersion = currentJson == null ? initial.version()
            : RuleSet.fromJson(currentJson.getBytes(StandardCharsets.UTF_8)).version();
        List<String> problems = rules.problems();
        boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        if (!problems.isEmpty() || rules.version() < currentVersion) {
            String why = !problems.isEmpty() ? String.join("; ", problems)
                : "version " + rules.version() + " is older than the version in force " + currentVersion
                    + " (publish a version >= " + currentVersion + ")";
            // Every parallel instance sees the same broadcast element; one reports it.
            if (reporter) {
                LOG.warn("Ignoring rule set version {}: {}", rules.version(), why);
                ctx.output(DecisionStream.REJECTED_RULES, "rule set version " + rules.version() + " rejected: " + why);
            }
            return;
        }
        RuleSet resolved = rules.resolved();
        state.put(CURRENT, new String(resolved.toJson(), StandardCharsets.UTF_8));
        if (reporter) {
            LOG.info("Rule set version {} in force", resolved.version());
            ctx.output(DecisionStream.RULES_IN_FORCE, resolved);
        }
    }

}
