package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.Transaction;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an {@link AccountInput} crosses the network from the source to the keyed decision operator: strings as
 * UTF-8 byte blocks (Flink's POJO serialiser reads and writes them one character at a time, which was a tenth of
 * the decision thread). Network only: {@code AccountInput} is never kept in state.
 */
public final class AccountInputSerializer extends TypeSerializer<AccountInput> {

    private static final long serialVersionUID = 1L;
    private static final byte TRANSACTION = 1;
    private static final byte COMMAND = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<AccountInput> duplicate() {
        return this;
    }

    @Override
    public AccountInput createInstance() {
        return new AccountInput();
    }

    /** Transactions and commands are immutable records: a new holder of the same one is a full copy. */
    @Override
    public AccountInput copy(AccountInput from) {
        AccountInput to = new AccountInput();
        to.transaction = from.transaction;
        to.command = from.command;
        return to;
    }

    @Override
    public AccountInput copy(AccountInput from, AccountInput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(AccountInput in, DataOutputView out) throws IOException {
        if (in.transaction != null) {
            Transaction t = in.transaction;
            out.writeByte(TRANSACTION);
            writeString(out, t.name());
            writeString(out, t.address());
            writeString(out, t.email());
            writeString(out, t.city());
            writeString(out, t.state());
            writeString(out, t.country());
            writeString(out, t.phoneNumber());
            writeString(out, t.accountNumber());
            writeString(out, t.ipAddress());
            writeList(out, t.loginDevices());
            writeList(out, t.cardTypes());
            writeList(out, t.transactionTypes());
            writeString(out, t.cardNumber());
            out.writeDouble(t.usualTransactionAmount());
            writeString(out, t.transactionId());
            writeString(out, t.transactionTime());
            writeString(out, t.currentLoginDevice());
            writeString(out, t.currentCardType());
            writeString(out, t.currentTransactionType());
            out.writeDouble(t.currentTransactionAmount());
            writeString(out, t.fraudFlags());
        } else {
            AccountCommand c = in.command;
            out.writeByte(COMMAND);
            writeString(out, c.accountNumber());
            writeString(out, c.action() == null ? null : c.action().name());
            writeString(out, c.by());
            writeString(out, c.reason());
            writeString(out, c.at());
        }
    }

    @Override
    public AccountInput deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        if (kind == TRANSACTION) {
            return AccountInput.of(new Transaction(readString(in), readString(in), readString(in), readString(in),
                readString(in), readString(in), readString(in), readString(in), readString(in), readList(in),
                readList(in), readList(in), readString(in), in.readDouble(), readString(in), readString(in),
                readString(in), readString(in), readString(in), in.readDouble(), readString(in)));
        }
        if (kind != COMMAND) {
            throw new IOException("not an AccountInput record: kind " + kind);
        }
        String account = readString(in);
        String action = readString(in);
        return AccountInput.of(new AccountCommand(account, action == null ? null : AccountCommand.Action.valueOf(action),
            readString(in), readString(in), readString(in)));
    }

    @Override
    public AccountInput deserialize(AccountInput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountInputSerializer;
    }

    @Override
    public int hashCode() {
        return AccountInputSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<AccountInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Byte length + 1 as a variable-length int (0 for null), then the UTF-8 bytes. */
    static void writeString(DataOutputView out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, bytes.length + 1);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        int length = readVarInt(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeList(DataOutputView out, List<String> values) throws IOException {
        if (values == null) {
            out.writeByte(0);
            return;
        }
        writeVarInt(out, values.size() + 1);
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static List<String> readList(DataInputView in) throws IOException {
        int size = readVarInt(in) - 1;
        if (size < 0) {
            return null;
        }
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeVarInt(DataOutputView out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountInput> {
        public Snapshot() {
            super(AccountInputSerializer::new);
        }
    }

    /** Makes {@code TypeInformation.of(AccountInput.class)} use this serialiser (see {@link AccountInput}). */
    public static final class Factory extends TypeInfoFactory<AccountInput> {
        @Override
        public TypeInformation<AccountInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new Info();
        }
    }

    /** The type information of {@link AccountInput}: an atomic type with this serialiser. */
    public static final class Info extends TypeInformation<AccountInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<AccountInput> getTypeClass() {
            return AccountInput.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<AccountInput> createSerializer(SerializerConfig config) {
            return new AccountInputSerializer();
        }

        @Override
        public String toString() {
            return "AccountInput";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
