package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.Transaction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link AccountInput}s cross the network to the decision operator (the {@code keyBy} on the account):
 * strings as length-prefixed UTF-8 blocks. Flink's POJO serialiser wrote and read the transaction's eighteen
 * strings and three string lists one character per call ({@code StringValue}), with a null marker and a
 * reflective field access per field; in a JFR profile of the full job that was 150 of about 1,950 samples of the
 * job's threads, two thirds of them reading in the decision thread (detector/README.md).
 *
 * <p>Only on the network: no state holds {@code AccountInput}s, so the format is free to change between
 * versions (the checkpoints are aligned; in-flight records are never part of one).
 */
public final class AccountInputSerializer extends TypeSerializerSingleton<AccountInput> {

    private static final long serialVersionUID = 1L;

    public static final AccountInputSerializer INSTANCE = new AccountInputSerializer();
    public static final TypeInformation<AccountInput> TYPE =
        new SerializerTypeInfo<>(AccountInput.class, INSTANCE, false);

    private static final byte TRANSACTION = 1;
    private static final byte COMMAND = 2;
    private static final int NULL = -1;
    private static final AccountCommand.Action[] ACTIONS = AccountCommand.Action.values();

    private AccountInputSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public AccountInput createInstance() {
        return new AccountInput();
    }

    /** The transaction and the command are immutable records: a new holder is a full copy. */
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
            out.writeByte(TRANSACTION);
            writeTransaction(in.transaction, out);
        } else {
            out.writeByte(COMMAND);
            AccountCommand c = in.command;
            writeString(c.accountNumber(), out);
            out.writeInt(c.action() == null ? NULL : c.action().ordinal());
            writeString(c.by(), out);
            writeString(c.reason(), out);
            writeString(c.at(), out);
        }
    }

    private static void writeTransaction(Transaction t, DataOutputView out) throws IOException {
        writeString(t.name(), out);
        writeString(t.address(), out);
        writeString(t.email(), out);
        writeString(t.city(), out);
        writeString(t.state(), out);
        writeString(t.country(), out);
        writeString(t.phoneNumber(), out);
        writeString(t.accountNumber(), out);
        writeString(t.ipAddress(), out);
        writeList(t.loginDevices(), out);
        writeList(t.cardTypes(), out);
        writeList(t.transactionTypes(), out);
        writeString(t.cardNumber(), out);
        out.writeDouble(t.usualTransactionAmount());
        writeString(t.transactionId(), out);
        writeString(t.transactionTime(), out);
        writeString(t.currentLoginDevice(), out);
        writeString(t.currentCardType(), out);
        writeString(t.currentTransactionType(), out);
        out.writeDouble(t.currentTransactionAmount());
        writeString(t.fraudFlags(), out);
    }

    @Override
    public AccountInput deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        if (kind == TRANSACTION) {
            return AccountInput.of(readTransaction(in));
        }
        if (kind != COMMAND) {
            throw new IOException("Not an AccountInput: kind " + kind);
        }
        String account = readString(in);
        int action = in.readInt();
        return AccountInput.of(new AccountCommand(account, action == NULL ? null : ACTIONS[action], readString(in),
            readString(in), readString(in)));
    }

    private static Transaction readTransaction(DataInputView in) throws IOException {
        // Argument order is evaluation order: the fields are read in the order writeTransaction wrote them.
        return new Transaction(readString(in), readString(in), readString(in), readString(in), readString(in),
            readString(in), readString(in), readString(in), readString(in), readList(in), readList(in),
            readList(in), readString(in), in.readDouble(), readString(in), readString(in), readString(in),
            readString(in), readString(in), in.readDouble(), readString(in));
    }

    @Override
    public AccountInput deserialize(AccountInput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeList(List<String> list, DataOutputView out) throws IOException {
        if (list == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(list.size());
        for (String s : list) {
            writeString(s, out);
        }
    }

    /** An {@code ArrayList}, as Flink's list serialiser gave (a contract list may hold a JSON null). */
    private static List<String> readList(DataInputView in) throws IOException {
        int size = in.readInt();
        if (size == NULL) {
            return null;
        }
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(readString(in));
        }
        return list;
    }

    @Override
    public TypeSerializerSnapshot<AccountInput> snapshotConfiguration() {
        return new Snapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Needed by Flink's serialiser contract; this serialiser has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountInput> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
