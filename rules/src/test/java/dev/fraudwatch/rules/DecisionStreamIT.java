package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import dev.fraudwatch.rules.rule.ImpossibleTravelRule;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The production wiring of {@link DecisionStream#decide} on a real MiniCluster at parallelism 2. */
class DecisionStreamIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void decidesEveryTransactionOnceAndPublishesTheRuleChangeOnce() throws Exception {
        List<Transaction> transactions = new ArrayList<>();
        for (int account = 0; account < 20; account++) {
            for (int i = 0; i < 7; i++) {
                // Per account: six ordinary amounts, then a spike (account 3: above 50,000).
                double amount = i < 6 ? 900 + i * 20 : account == 3 ? 60_000 : 9_000;
                transactions.add(TransactionBuilder.transaction().accountNumber(String.format("ACC%010d", account))
                    .usualAmount(1000).amount(amount).transactionId(String.format("TRN%05d%06d", account, i))
                    .time(String.format("2025-03-01 12:%02d:00.000000", i * 5)).build());
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        RuleSet change = RuleSet.defaults().with(ImpossibleTravelRule.ID, new RuleConfig(null, 10.0, null));
        SingleOutputStreamOperator<Decision> decisions = DecisionStream.decide(
            // One source subtask, hash-partitioned by account before the operator's own input mapping: each
            // account's transactions then reach it in order (a block must follow the history), as they do from
            // Kafka partitions keyed by account. A plain rebalance to parallelism 2 would reorder them.
            env.fromData(transactions).setParallelism(1).name("transactions")
                .keyBy(new org.apache.flink.api.java.functions.KeySelector<Transaction, String>() {
                    @Override
                    public String getKey(Transaction t) {
                        return t.accountNumber();
                    }
                }),
            env.fromData(new AccountCommand("ACC9999999999", AccountCommand.Action.UNBLOCK, "t", null, null))
                .name("commands"),
            env.fromData(change).name("rules"),
            RuleSet.defaults());
        CloseableIterator<Decision> out = decisions.collectAsync();
        CloseableIterator<RuleSet> published = decisions.getSideOutput(DecisionStream.RULES_IN_FORCE).collectAsync();
        env.execute("decision-stream-it");

        List<Decision> all = new ArrayList<>();
        out.forEachRemaining(all::add);
        List<RuleSet> rules = new ArrayList<>();
        published.forEachRemaining(rules::add);

        Map<String, Decision> byId = all.stream().collect(Collectors.toMap(d -> d.transaction().transactionId(),
            Function.identity()));
        assertThat(all).hasSize(transactions.size());
        assertThat(byId).hasSize(transactions.size());
        assertThat(byId.get("TRN00001000006").decision()).isEqualTo(FraudAlert.Decision.REVIEW);
        assertThat(byId.get("TRN00003000006").decision()).isEqualTo(FraudAlert.Decision.BLOCK);
        assertThat(byId.get("TRN00003000006").blockReason()).isEqualTo(BlockedCustomer.AMOUNT_REASON);
        assertThat(all.stream().filter(d -> d.decision() == FraudAlert.Decision.ALLOW)).hasSize(20 * 6);
        assertThat(rules).singleElement().satisfies(r -> assertThat(r.rule(ImpossibleTravelRule.ID).weight())
            .isEqualTo(10));
    }
}
