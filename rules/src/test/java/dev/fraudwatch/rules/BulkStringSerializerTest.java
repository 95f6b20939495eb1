package dev.fraudwatch.rules;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BulkStringSerializer} writes exactly what Flink's {@link StringSerializer} writes, and keyed state
 * checkpointed with either serialiser (as key and as map key) restores with the other.
 */
class BulkStringSerializerTest {

    private static final List<String> SAMPLES = samples();

    private static List<String> samples() {
        List<String> s = new ArrayList<>(Arrays.asList(null, "", "ACC0004711", "Zoë Müller", "東京都",
            "emoji \uD83D\uDE00 and a lone surrogate \uD800", "\u3fff\u4000\u007f\u0080\uffff"));
        s.add("x".repeat(127));
        s.add("y".repeat(128));
        s.add("ä".repeat(16_383));
        s.add("z".repeat(16_384));
        s.add("w".repeat(2_097_152));
        return s;
    }

    private static byte[] bytes(TypeSerializer<String> serializer, String value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void writesTheBytesOfFlinksStringSerializerAndReadsThemBack() throws IOException {
        for (String value : SAMPLES) {
            byte[] bulk = bytes(BulkStringSerializer.INSTANCE, value);
            assertThat(bulk).as("bytes of %s", shortly(value)).isEqualTo(bytes(StringSerializer.INSTANCE, value));
            assertThat(BulkStringSerializer.INSTANCE.deserialize(new DataInputDeserializer(bulk)))
                .as("round trip of %s", shortly(value)).isEqualTo(value);
        }
    }

    @Test
    void readsWhatStringSerializerWroteSeveralInARow() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String value : SAMPLES) {
            StringSerializer.INSTANCE.serialize(value, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String value : SAMPLES) {
            assertThat(BulkStringSerializer.INSTANCE.deserialize(in)).isEqualTo(value);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void snapshotIsStringSerializersSoEitherRestoresTheOtherAsIs() throws IOException {
        TypeSerializerSnapshot<String> written = BulkStringSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, written);
        TypeSerializerSnapshot<String> read = TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isInstanceOf(StringSerializer.class);
        assertThat(StringSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(read)
            .isCompatibleAsIs()).isTrue();
        assertThat(BulkStringSerializer.INSTANCE.snapshotConfiguration()
            .resolveSchemaCompatibility(StringSerializer.INSTANCE.snapshotConfiguration()).isCompatibleAsIs())
            .isTrue();
    }

    /** Counts per account and per name in a {@code MapState}, keyed like customer_risk. */
    static final class Counter extends KeyedProcessFunction<String, String, String> {
        private final TypeInformation<String> stringType;
        private transient MapState<String, Long> counts;

        Counter(TypeInformation<String> stringType) {
            this.stringType = stringType;
        }

        @Override
        public void open(OpenContext openContext) {
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", stringType, Types.LONG));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            String name = value.substring(value.indexOf(' ') + 1);
            Long n = counts.get(name);
            long next = n == null ? 1 : n + 1;
            counts.put(name, next);
            out.collect(ctx.getCurrentKey() + " " + name + " " + next);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> open(
            TypeInformation<String> stringType, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Counter(stringType)),
            (String v) -> v.substring(0, v.indexOf(' ')), stringType);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    @Test
    void keyedStateRestoresAcrossStringSerializerAndBulkStringSerializer() throws Exception {
        OperatorSubtaskState before;
        try (var old = open(Types.STRING, null)) {
            old.processElement(new StreamRecord<>("ACC1 Zoë", 1));
            old.processElement(new StreamRecord<>("ACC2 Ann", 2));
            before = old.snapshot(1, 3);
        }
        OperatorSubtaskState after;
        try (var bulk = open(BulkStringSerializer.TYPE, before)) {
            bulk.processElement(new StreamRecord<>("ACC1 Zoë", 4));
            bulk.processElement(new StreamRecord<>("ACC2 東京", 5));
            assertThat(bulk.extractOutputValues()).containsExactly("ACC1 Zoë 2", "ACC2 東京 1");
            after = bulk.snapshot(2, 6);
        }
        try (var back = open(Types.STRING, after)) {
            back.processElement(new StreamRecord<>("ACC2 東京", 7));
            back.processElement(new StreamRecord<>("ACC2 Ann", 8));
            assertThat(back.extractOutputValues()).containsExactly("ACC2 東京 2", "ACC2 Ann 2");
        }
    }

    private static String shortly(String value) {
        return value == null || value.length() < 40 ? String.valueOf(value) : value.length() + " chars";
    }
}
