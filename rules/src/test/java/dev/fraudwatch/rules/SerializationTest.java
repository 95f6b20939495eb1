package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What crosses Flink's network and checkpoints round-trips with the serialisers Flink picks. */
class SerializationTest {

    @Test
    void stateClassesArePojos() {
        assertThat(TypeInformation.of(AccountHistory.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(AccountBlock.class)).isInstanceOf(PojoTypeInfo.class);
        // Records and their List/Map fields are handled by Flink's own serialisers (no Kryo) in Flink 2.x.
        assertThat(TypeInformation.of(AccountInput.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(Decision.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(RuleSet.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void decisionRoundTrips() throws Exception {
        Transaction t = TransactionBuilder.transaction().loginDevices(List.copyOf(List.of("a", "b")))
            .cardTypes(List.of("Visa")).build();
        Decision d = new Decision(t, FraudAlert.Decision.REVIEW, 60, List.of(new FraudAlert.FiredRule("velocity", 60,
            Map.of("count", 9L, "sum", 12.5, "seen", List.of("x")))), null);
        assertThat(roundTrip(d, Decision.class)).isEqualTo(d);
    }

    @Test
    void accountInputAndRuleSetRoundTrip() throws Exception {
        AccountInput in = AccountInput.of(new AccountCommand("ACC1", AccountCommand.Action.BLOCK, "me", "why", "t"));
        assertThat(roundTrip(in, AccountInput.class).command).isEqualTo(in.command);
        AccountInput tx = AccountInput.of(TransactionBuilder.transaction().build());
        assertThat(roundTrip(tx, AccountInput.class).transaction).isEqualTo(tx.transaction);
        assertThat(roundTrip(RuleSet.defaults(), RuleSet.class)).isEqualTo(RuleSet.defaults());
    }

    /** A history with every field set, a null string and a non-ASCII country. */
    private static AccountHistory fullHistory() {
        AccountHistory h = new AccountHistory();
        for (int i = 0; i < 25; i++) {
            h.record(TransactionBuilder.transaction().transactionId("TX" + i).amount(10.5 + i)
                .device("dev-" + (i % 3)).ipAddress("10.0.0." + (i % 2)).country(i % 2 == 0 ? "Côte d'Ivoire" : "Peru")
                .time(String.format("2025-03-01 12:00:%02d", i)).build(), 1_000L * i, true, 20_000);
        }
        h.lastAllowed = true;
        h.lastCountry = null;
        return h;
    }

    @Test
    void accountHistoryRoundTripsThroughItsStateSerializer() throws Exception {
        AccountHistory h = fullHistory();
        AccountHistorySerializer s = new AccountHistorySerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(h, out);
        s.serialize(new AccountHistory(), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(s.deserialize(in)).usingRecursiveComparison().isEqualTo(h);
        assertThat(s.deserialize(in)).usingRecursiveComparison().isEqualTo(new AccountHistory());
        assertThat(in.available()).isZero();
        assertThat(h.devices).containsExactly("dev-0", "dev-1", "dev-2");
        assertThat(h.countries).containsExactly("Côte d'Ivoire", "Peru");
    }

    @Test
    void accountHistoryCopyIsIndependentOfTheOriginal() {
        AccountHistory h = fullHistory();
        AccountHistory copy = new AccountHistorySerializer().copy(h);
        assertThat(copy).usingRecursiveComparison().isEqualTo(h);
        copy.amounts[0] = -1;
        copy.devices[0] = "other";
        copy.transactions++;
        assertThat(h.amounts[0]).isNotEqualTo(-1);
        assertThat(h.devices[0]).isEqualTo("dev-0");
        assertThat(copy.transactions).isEqualTo(h.transactions + 1);
    }

    @Test
    void accountHistoryStateWrittenByThePojoSerializerIsMigrated() throws Exception {
        TypeSerializerSnapshot<AccountHistory> pojo = TypeInformation.of(AccountHistory.class)
            .createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
        TypeSerializerSnapshot<AccountHistory> current = new AccountHistorySerializer().snapshotConfiguration();
        TypeSerializerSchemaCompatibility<AccountHistory> fromPojo = current.resolveSchemaCompatibility(pojo);
        assertThat(fromPojo.isCompatibleAfterMigration()).isTrue();

        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, current);
        TypeSerializerSnapshot<AccountHistory> restored = TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(current.resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(new AccountHistorySerializer());
    }

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        TypeSerializer<T> s = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
