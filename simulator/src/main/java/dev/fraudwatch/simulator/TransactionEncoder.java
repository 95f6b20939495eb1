package dev.fraudwatch.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a simulated transaction into exactly the bytes {@code Json.MAPPER} writes for it, about three times
 * faster: the customer's profile fields (two thirds of every record) are serialised by Jackson once per customer,
 * and only the per-transaction fields are written per record (by Jackson's generator too) and appended. A transaction
 * whose profile fields differ from its customer's (a takeover's foreign country and IP) is serialised whole.
 * TransactionEncoderTest checks byte equality with {@code Json.toBytes} for every scenario. Not thread-safe (one
 * buffer): one encoder per sending thread.
 */
final class TransactionEncoder {


    private static final byte[] TAIL_START = ",\"Transaction ID\":".getBytes(StandardCharsets.UTF_8);

    private static final SerializedString TRANSACTION_ID = new SerializedString("Transaction ID");
    private static final SerializedString TRANSACTION_TIME = new SerializedString("Transaction Time");
    private static final SerializedString CURRENT_LOGIN_DEVICE = new SerializedString("Current Login Device");
    private static final SerializedString CURRENT_CARD_TYPE = new SerializedString("Current Card Type");
    private static final SerializedString CURRENT_TRANSACTION_TYPE = new SerializedString("Current Transaction Type");
    private static final SerializedString CURRENT_TRANSACTION_AMOUNT =
        new SerializedString("Current Transaction Amount");
    private static final SerializedString FRAUD_FLAGS = new SerializedString("Fraud Flags");

    private final ObjectWriter whole = Json.MAPPER.writerFor(Transaction.class);
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    /** One generator for the encoder's life: creating one per record costs more than writing the fields. */
    private final JsonGenerator generator;
    private final Map<String, Customer> customers;

    private record Customer(CustomerProfile profile, byte[] profileJson, byte[] key) {
    }

    TransactionEncoder(List<CustomerProfile> profiles) {
        try {
            generator = Json.MAPPER.getFactory().createGenerator(buffer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON generator", e);
        }
        // Each tail is taken out of the buffer on its own: no separator between consecutive root values.
        generator.setRootValueSeparator(null);
        customers = new HashMap<>(profiles.size() * 2);
        for (CustomerProfile p : profiles) {
            customers.put(p.accountNumber(), new Customer(p, profileJson(p),
                p.accountNumber().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The record key: the account number's UTF-8 bytes (shared per customer; Kafka never modifies them). */
    byte[] key(Transaction t) {
        Customer c = customers.get(t.accountNumber());
        return c != null ? c.key() : t.accountNumber().getBytes(StandardCharsets.UTF_8);
    }

    byte[] encode(Transaction t) throws IOException {
        Customer c = customers.get(t.accountNumber());
        if (c == null || !sameProfile(c.profile(), t)) {
            return whole.writeValueAsBytes(t);
        }
        byte[] tail = tail(t);
        byte[] head = c.profileJson();
        // head ends with the comma before "Transaction ID"; the tail object's '{' is dropped.
        byte[] out = new byte[head.length + tail.length - 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 1, out, head.length, tail.length - 1);
        return out;
    }

    /**
     * The per-transaction fields, in contract order, as a JSON object written by Jackson's streaming generator
     * (the same generator and number/escaping rules {@code Json.MAPPER} uses, without databind's per-call setup).
     */
    private byte[] tail(Transaction t) throws IOException {
        JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(TRANSACTION_ID);
        g.writeString(t.transactionId());
        g.writeFieldName(TRANSACTION_TIME);
        g.writeString(t.transactionTime());
        g.writeFieldName(CURRENT_LOGIN_DEVICE);
        g.writeString(t.currentLoginDevice());
        g.writeFieldName(CURRENT_CARD_TYPE);
        g.writeString(t.currentCardType());
        g.writeFieldName(CURRENT_TRANSACTION_TYPE);
        g.writeString(t.currentTransactionType());
        g.writeFieldName(CURRENT_TRANSACTION_AMOUNT);
        g.writeNumber(t.currentTransactionAmount());
        g.writeFieldName(FRAUD_FLAGS);
        g.writeString(t.fraudFlags());
        g.writeEndObject();
        g.flush();
        byte[] tail = buffer.toByteArray();
        buffer.reset();
        return tail;
    }

    private static boolean sameProfile(CustomerProfile p, Transaction t) {
        return p.country().equals(t.country()) && p.ipAddress().equals(t.ipAddress()) && p.name().equals(t.name())
            && p.address().equals(t.address()) && p.email().equals(t.email()) && p.city().equals(t.city())
            && p.state().equals(t.state()) && p.phoneNumber().equals(t.phoneNumber())
            && p.loginDevices().equals(t.loginDevices()) && p.cardTypes().equals(t.cardTypes())
            && p.transactionTypes().equals(t.transactionTypes()) && p.cardNumber().equals(t.cardNumber())
            && p.usualTransactionAmount() == t.usualTransactionAmount();
    }

    /** Jackson's bytes of a transaction of this customer, cut just after the comma before "Transaction ID". */
    private byte[] profileJson(CustomerProfile p) {
        Transaction sample = new Transaction(p.name(), p.address(), p.email(), p.city(), p.state(), p.country(),
            p.phoneNumber(), p.accountNumber(), p.ipAddress(), p.loginDevices(), p.cardTypes(),
            p.transactionTypes(), p.cardNumber(), p.usualTransactionAmount(), "", "", "", "", "", 0, "");
        byte[] all;
        try {
            all = whole.writeValueAsBytes(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the profile of " + p.accountNumber(), e);
        }
        // Inside JSON strings every '"' is escaped, so this sequence occurs only as the real field boundary.
        int at = lastIndexOf(all, TAIL_START);
        if (at < 0) {
            throw new IllegalStateException("unexpected transaction JSON layout: no \"Transaction ID\" field");
        }
        byte[] head = new byte[at + 1];
        System.arraycopy(all, 0, head, 0, at + 1);
        return head;
    }

    private static int lastIndexOf(byte[] in, byte[] what) {
        outer:
        for (int i = in.length - what.length; i >= 0; i--) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
