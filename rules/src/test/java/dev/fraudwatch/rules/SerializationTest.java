package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        TypeSerializer<T> s = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
