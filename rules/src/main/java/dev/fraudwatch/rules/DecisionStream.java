package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * Wires the decision operator: transactions and control commands keyed by {@code Account Number}, rule sets
 * broadcast to every instance. Output: one {@link Decision} per transaction, ALLOW included.
 *
 * <p>Side outputs of the returned operator: {@link #RULES_IN_FORCE} emits each rule set accepted from the rules
 * stream (resolved: every rule and parameter filled in), once per change, so the job can publish the rules in
 * force (the initial set is not emitted: the job knows it). {@link #REJECTED_RULES} emits a line per rule set
 * ignored (invalid, or older than the version in force). {@link #DUPLICATES} emits each repeated transaction;
 * {@link #RETROACTIVE} emits follow-up alerts about earlier transactions.
 */
public final class DecisionStream {

    /** Default lifetime of an idle account's history (processing time since its last transaction). */
    public static final Duration DEFAULT_HISTORY_TTL = Duration.ofDays(30);
    /** Stable operator ids: state in savepoints is matched by them. */
    public static final String DECIDE_UID = "fraudwatch-decide";

    public static final OutputTag<RuleSet> RULES_IN_FORCE =
        new OutputTag<>("rules-in-force", TypeInformation.of(RuleSet.class));
    public static final OutputTag<String> REJECTED_RULES = new OutputTag<>("rules-rejected", Types.STRING);
    /** Transactions whose id the account had already seen (see {@link DecisionEngine#step}); not decided again. */
    public static final OutputTag<Transaction> DUPLICATES =
        new OutputTag<>("duplicate-transactions", TypeInformation.of(Transaction.class));

    /**
     * Follow-up REVIEW alerts about an earlier, allowed transaction that a later one revealed as part of a burst
     * ({@link DecisionEngine#retroactiveVelocity}); {@code decidedAt} is left for the sink side to fill in.
     */
    public static final OutputTag<FraudAlert> RETROACTIVE =
        new OutputTag<>("retroactive-alerts", TypeInformation.of(FraudAlert.class));

    private DecisionStream() {
    }

    public static SingleOutputStreamOperator<Decision> decide(DataStream<Transaction> transactions,
            DataStream<AccountCommand> commands, DataStream<RuleSet> rules, RuleSet initial) {
        return decide(transactions, commands, rules, initial, DEFAULT_HISTORY_TTL);
    }

    /** As {@link #decide(DataStream, DataStream, DataStream, RuleSet)} with the initial rules and TTL configured. */
    public static SingleOutputStreamOperator<Decision> decide(DataStream<Transaction> transactions,
            DataStream<AccountCommand> commands, DataStream<RuleSet> rules, RulesSettings settings) {
        return decide(transactions, commands, rules, settings.initialRules(), settings.historyTtl());
    }

    /** As {@link #decide(DataStream, DataStream, DataStream, RuleSet)} with the account-history TTL given. */
    public static SingleOutputStreamOperator<Decision> decide(DataStream<Transaction> transactions,
            DataStream<AccountCommand> commands, DataStream<RuleSet> rules, RuleSet initial, Duration historyTtl) {
        TypeInformation<AccountInput> inputType = TypeInformation.of(AccountInput.class);
        DataStream<AccountInput> txIn = transactions.map(AccountInput::of).returns(inputType)
            .name("transaction-to-account-input").uid("fraudwatch-transaction-input");
        DataStream<AccountInput> cmdIn = commands.map(AccountInput::of).returns(inputType)
            .name("command-to-account-input").uid("fraudwatch-command-input");
        BroadcastStream<RuleSet> broadcastRules = rules.broadcast(DecisionFunction.RULES_STATE);
        return txIn.union(cmdIn)
            .keyBy(AccountInput::accountNumber, BulkStringSerializer.TYPE)
            .connect(broadcastRules)
            .process(new DecisionFunction(initial, historyTtl), TypeInformation.of(Decision.class))
            .name("decide").uid(DECIDE_UID);
    }
}
