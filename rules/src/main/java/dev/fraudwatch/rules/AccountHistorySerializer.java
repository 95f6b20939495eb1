package dev.fraudwatch.rules;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The checkpoint format of {@link AccountHistory}: the same fields as Flink's POJO serialiser wrote, but each
 * history is first written into a private buffer and handed to the checkpoint stream as one length-prefixed
 * block, strings as UTF-8 bytes. Flink's POJO serialiser wrote every character of every device, IP address and
 * country through the checkpoint stream one call at a time; with the heap backend's full snapshots that was most
 * of the checkpointing CPU (see detector/README.md).
 *
 * <p>Restoring a checkpoint written by the POJO serialiser (FraudWatch before this format) works: the snapshot
 * reports "compatible after migration", Flink reads the old state with the old serialiser and writes the next
 * checkpoint in this format.
 *
 * <p>Not thread-safe (it owns a scratch buffer): {@link #duplicate()} gives each user its own, as Flink expects.
 */
public final class AccountHistorySerializer extends TypeSerializer<AccountHistory> {

    private static final long serialVersionUID = 1L;

    private transient DataOutputSerializer scratch;
    private transient DataInputDeserializer reader;
    private transient byte[] readBuffer;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<AccountHistory> duplicate() {
        return new AccountHistorySerializer();
    }

    @Override
    public AccountHistory createInstance() {
        return new AccountHistory();
    }

    /**
     * A copy whose fields may be changed without touching the original (the heap backend copies an entry that a
     * running snapshot still reads before handing it out for update).
     */
    @Override
    public AccountHistory copy(AccountHistory from) {
        AccountHistory to = new AccountHistory();
        to.transactions = from.transactions;
        to.amounts = from.amounts.clone();
        to.windowTimes = from.windowTimes.clone();
        to.windowAmounts = from.windowAmounts.clone();
        to.devices = from.devices.clone();
        to.ips = from.ips.clone();
        to.countries = from.countries.clone();
        to.lastTime = from.lastTime;
        to.lastAmount = from.lastAmount;
        to.lastCountry = from.lastCountry;
        to.lastId = from.lastId;
        to.lastTransactionTime = from.lastTransactionTime;
        to.lastAllowed = from.lastAllowed;
        to.recentIds = from.recentIds.clone();
        return to;
    }

    @Override
    public AccountHistory copy(AccountHistory from, AccountHistory reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(AccountHistory h, DataOutputView target) throws IOException {
        DataOutputSerializer out = scratch();
        out.clear();
        out.writeLong(h.transactions);
        writeDoubles(out, h.amounts);
        writeLongs(out, h.windowTimes);
        writeDoubles(out, h.windowAmounts);
        writeStrings(out, h.devices);
        writeStrings(out, h.ips);
        writeStrings(out, h.countries);
        out.writeLong(h.lastTime);
        out.writeDouble(h.lastAmount);
        writeString(out, h.lastCountry);
        writeString(out, h.lastId);
        writeString(out, h.lastTransactionTime);
        out.writeBoolean(h.lastAllowed);
        writeLongs(out, h.recentIds);
        target.writeInt(out.length());
        target.write(out.getSharedBuffer(), 0, out.length());
    }

    @Override
    public AccountHistory deserialize(DataInputView source) throws IOException {
        DataInputDeserializer in = block(source);
        AccountHistory h = new AccountHistory();
        h.transactions = in.readLong();
        h.amounts = readDoubles(in);
        h.windowTimes = readLongs(in);
        h.windowAmounts = readDoubles(in);
        h.devices = readStrings(in);
        h.ips = readStrings(in);
        h.countries = readStrings(in);
        h.lastTime = in.readLong();
        h.lastAmount = in.readDouble();
        h.lastCountry = readString(in);
        h.lastId = readString(in);
        h.lastTransactionTime = readString(in);
        h.lastAllowed = in.readBoolean();
        h.recentIds = readLongs(in);
        return h;
    }

    @Override
    public AccountHistory deserialize(AccountHistory reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountHistorySerializer;
    }

    @Override
    public int hashCode() {
        return AccountHistorySerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<AccountHistory> snapshotConfiguration() {
        return new Snapshot();
    }

    private DataOutputSerializer scratch() {
        if (scratch == null) {
            scratch = new DataOutputSerializer(1024);
        }
        return scratch;
    }

    private DataInputDeserializer block(DataInputView source) throws IOException {
        int length = source.readInt();
        if (readBuffer == null || readBuffer.length < length) {
            readBuffer = new byte[Math.max(length, 1024)];
        }
        source.readFully(readBuffer, 0, length);
        if (reader == null) {
            reader = new DataInputDeserializer();
        }
        reader.setBuffer(readBuffer, 0, length);
        return reader;
    }

    private static void writeDoubles(DataOutputSerializer out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputDeserializer in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static void writeLongs(DataOutputSerializer out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputDeserializer in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    private static void writeStrings(DataOutputSerializer out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static String[] readStrings(DataInputDeserializer in) throws IOException {
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    /** Byte length + 1 (0 for null), then the UTF-8 bytes. */
    private static void writeString(DataOutputSerializer out, String s) throws IOException {
        if (s == null) {
            out.writeInt(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.write(bytes);
    }

    private static String readString(DataInputDeserializer in) throws IOException {
        int length = in.readInt() - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The serialiser's snapshot: this format as is, or (from checkpoints written before it) Flink's POJO format of
     * the same class, read with the old serialiser and rewritten.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountHistory> {
        public Snapshot() {
            super(AccountHistorySerializer::new);
        }

        @Override
        public TypeSerializerSchemaCompatibility<AccountHistory> resolveSchemaCompatibility(
            TypeSerializerSnapshot<AccountHistory> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
