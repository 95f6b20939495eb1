package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account histories in a checkpoint written with Flink's POJO serialiser (FraudWatch before
 * {@link AccountHistorySerializer}) are restored by the current format, and the current format restores itself,
 * with the state wrapped for TTL as {@link DecisionFunction} declares it.
 */
class AccountHistoryMigrationTest {

    /** Records one transaction per input element (the device named by the element) and emits the account's state. */
    static final class Recorder extends KeyedProcessFunction<String, String, String> {
        private final boolean pojo;
        private transient ValueState<AccountHistory> history;

        Recorder(boolean pojo) {
            this.pojo = pojo;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<AccountHistory> d = pojo
                ? new ValueStateDescriptor<>("account-history", AccountHistory.class)
                : new ValueStateDescriptor<>("account-history", new AccountHistorySerializer());
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(30)).cleanupIncrementally(1, false).build());
            history = getRuntimeContext().getState(d);
        }

        @Override
        public void processElement(String device, Context ctx, Collector<String> out) throws Exception {
            AccountHistory h = history.value() == null ? new AccountHistory() : history.value();
            h.record(TransactionBuilder.transaction().transactionId("TX-" + h.transactions).device(device).build(),
                1_000L * h.transactions, true, 20_000);
            history.update(h);
            out.collect(h.transactions + " " + String.join(",", h.devices));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> open(
            boolean pojo, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Recorder(pojo)),
            (String device) -> "ACC1", Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
        return h.extractOutputValues();
    }

    @Test
    void restoresHistoriesCheckpointedByThePojoSerialiserAndItsOwnFormat() throws Exception {
        OperatorSubtaskState pojoSnapshot;
        try (var old = open(true, null)) {
            old.processElement(new StreamRecord<>("phone", 1));
            old.processElement(new StreamRecord<>("laptop", 2));
            pojoSnapshot = old.snapshot(1, 3);
        }
        OperatorSubtaskState newSnapshot;
        try (var migrated = open(false, pojoSnapshot)) {
            migrated.processElement(new StreamRecord<>("tablet", 4));
            assertThat(outputs(migrated)).containsExactly("3 phone,laptop,tablet");
            newSnapshot = migrated.snapshot(2, 5);
        }
        try (var again = open(false, newSnapshot)) {
            again.processElement(new StreamRecord<>("phone", 6));
            assertThat(outputs(again)).containsExactly("4 phone,laptop,tablet");
        }
    }
}
