package dev.fraudwatch.rules;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;

/**
 * Flink's {@link StringSerializer} format, byte for byte, written with one call per string instead of one per
 * character. Used for the account keys of the keyed state and for customer_risk's per-name map keys: the heap
 * backend's full snapshot writes every key of every state entry, and Flink's serialiser hands each character
 * separately to the checkpoint stream (a chain of three virtual calls per byte); in a JFR profile of the full
 * job that was 130 of the 330 samples of the asynchronous snapshot threads (detector/README.md).
 *
 * <p>Checkpoint compatibility in both directions: the bytes are those of {@link StringSerializer} and so is the
 * {@link #snapshotConfiguration() snapshot} written into the checkpoint. A checkpoint written before this
 * serialiser restores as is (the snapshots are equal, so Flink reports "compatible as is" and keeps this
 * serialiser), and a checkpoint written with it restores in a FraudWatch that still uses {@link StringSerializer}.
 *
 * <p>Stateless (each string gets its own short buffer), so one instance serves every thread.
 */
public final class BulkStringSerializer extends TypeSerializerSingleton<String> {

    private static final long serialVersionUID = 1L;

    public static final BulkStringSerializer INSTANCE = new BulkStringSerializer();

    /** A {@code String} key or value type, hashed as Flink's {@code Types.STRING}, serialised by {@link #INSTANCE}. */
    public static final TypeInformation<String> TYPE =
        new SerializerTypeInfo<>(String.class, INSTANCE, true);

    /** {@link StringValue}'s continuation bit: a varint byte with it set is followed by another. */
    private static final int HIGH_BIT = 0x80;
    /** Longest string serialised through a buffer: five bytes of length and at most three per char. */
    private static final int MAX_BUFFERED_LENGTH = (Integer.MAX_VALUE - 16) / 3;

    private BulkStringSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * As {@link StringValue#writeString}: 0 for null, else length + 1, then every UTF-16 char, each as a
     * little-endian base-128 varint (one byte for ASCII, at most three).
     */
    @Override
    public void serialize(String record, DataOutputView target) throws IOException {
        if (record == null) {
            target.write(0);
            return;
        }
        int length = record.length();
        if (length > MAX_BUFFERED_LENGTH) {
            // A buffer of three bytes per char would not fit in an array; Flink's own loop writes it.
            StringValue.writeString(record, target);
            return;
        }
        byte[] buffer = new byte[5 + 3 * length];
        int pos = putVarint(buffer, 0, length + 1);
        for (int i = 0; i < length; i++) {
            pos = putVarint(buffer, pos, record.charAt(i));
        }
        target.write(buffer, 0, pos);
    }

    private static int putVarint(byte[] buffer, int pos, int value) {
        int v = value;
        while (v >= HIGH_BIT) {
            buffer[pos++] = (byte) (v | HIGH_BIT);
            v >>>= 7;
        }
        buffer[pos++] = (byte) v;
        return pos;
    }

    @Override
    public String deserialize(DataInputView source) throws IOException {
        return StringValue.readString(source);
    }

    @Override
    public String deserialize(String reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        StringValue.copyString(source, target);
    }

    /** {@link StringSerializer}'s own snapshot: the format is the same, so either serialiser may read it. */
    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new StringSerializer.StringSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
