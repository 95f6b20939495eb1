package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@link TransactionDecoder}'s strict path: reads a record in its plain form (one JSON object holding each of the
 * contract's 21 fields exactly once and nothing else, strings or null where strings belong, arrays of strings or
 * null for the lists, numbers for the amounts) token by token with Jackson's streaming parser into a
 * {@link Transaction}. Anything else is left to the tree path (null), which names the fault or accepts the record
 * in a form this reader does not take. It replaced databind's binding, whose per-record setup and property buffering
 * cost about a quarter of the decoding (TransactionDecodeBenchmark in the detector's tests).
 */
final class PlainTransactionReader {

    /**
     * {@link Json#MAPPER}'s parser settings (NaN literals, size limits), so the strict path sees the very tokens the
     * tree path sees, but without Jackson's duplicate detection, a set of names per record: the strict path takes
     * only the contract's 21 fields and checks them off in a bit mask instead. A duplicate, or any other field,
     * goes to the tree path, which rejects duplicates with Jackson's message as before.
     */
    private static final JsonFactory STREAMING = Json.MAPPER.getFactory().rebuild()
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * The contract's fields in its order, the producer's ({@link Transaction}'s property order): expected in this
     * order, each name is compared with the input's bytes in place. An index here is a case of {@code read}'s switch.
     */
    private static final SerializedString[] FIELDS = Stream.of("Name", "Address", "Email", "City", "State",
        "Country", "Phone Number", "Account Number", "IP Address", "Login Devices", "Card Types", "Transaction Types",
        "Card Number", "Usual Transaction Amount", "Transaction ID", "Transaction Time", "Current Login Device",
        "Current Card Type", "Current Transaction Type", "Current Transaction Amount", "Fraud Flags")
        .map(SerializedString::new).toArray(SerializedString[]::new);

    private static final Map<String, Integer> FIELD_INDEX = IntStream.range(0, FIELDS.length).boxed()
        .collect(Collectors.toUnmodifiableMap(i -> FIELDS[i].getValue(), i -> i));

    private static final int ALL_FIELDS = (1 << FIELDS.length) - 1;

    /** Thrown (preallocated, no stack trace) when a record is not in the strict path's plain form. */
    private static final class NotPlain extends Exception {
        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    private PlainTransactionReader() {
    }

    /** The transaction in the record, or null when the record is not in the plain form (the tree path decides). */
    static Transaction read(byte[] bytes) {
        try (JsonParser p = STREAMING.createParser(bytes)) {
            Transaction t = read(p);
            // Trailing content (a second value, garbage) is the tree path's to reject.
            return p.nextToken() == null ? t : null;
        } catch (NotPlain | IOException | RuntimeException e) {
            return null;
        }
    }

    private static Transaction read(JsonParser p) throws IOException, NotPlain {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw NOT_PLAIN;
        }
        String name = null, address = null, email = null, city = null, state = null, country = null;
        String phoneNumber = null, accountNumber = null, ipAddress = null, cardNumber = null, transactionId = null;
        String transactionTime = null, currentLoginDevice = null, currentCardType = null;
        String currentTransactionType = null, fraudFlags = null;
        List<String> loginDevices = null, cardTypes = null, transactionTypes = null;
        double usualAmount = 0, currentAmount = 0;
        int seen = 0;
        for (int expected = 0; ; ) {
            int field;
            if (p.nextFieldName(FIELDS[expected])) {
                field = expected; // the producer's order: the name's bytes compared in place, no symbol look-up
            } else if (p.currentToken() == JsonToken.FIELD_NAME) {
                field = FIELD_INDEX.getOrDefault(p.currentName(), -1);
            } else {
                break; // end of the object
            }
            if (field < 0 || (seen & (1 << field)) != 0) {
                throw NOT_PLAIN; // a field beyond the contract, or a duplicate
            }
            seen |= 1 << field;
            expected = (field + 1) % FIELDS.length; // after the last one, whatever comes is a duplicate or extra
            switch (field) {
                case 0 -> name = string(p);
                case 1 -> address = string(p);
                case 2 -> email = string(p);
                case 3 -> city = string(p);
                case 4 -> state = string(p);
                case 5 -> country = string(p);
                case 6 -> phoneNumber = string(p);
                case 7 -> accountNumber = string(p);
                case 8 -> ipAddress = string(p);
                case 9 -> loginDevices = strings(p);
                case 10 -> cardTypes = strings(p);
                case 11 -> transactionTypes = strings(p);
                case 12 -> cardNumber = string(p);
                case 13 -> usualAmount = number(p);
                case 14 -> transactionId = string(p);
                case 15 -> transactionTime = string(p);
                case 16 -> currentLoginDevice = string(p);
                case 17 -> currentCardType = string(p);
                case 18 -> currentTransactionType = string(p);
                case 19 -> currentAmount = number(p);
                default -> fraudFlags = string(p);
            }
        }
        if (seen != ALL_FIELDS) {
            throw NOT_PLAIN; // a missing field: the tree path says which, or fills in null
        }
        return new Transaction(name, address, email, city, state, country, phoneNumber, accountNumber, ipAddress,
            loginDevices, cardTypes, transactionTypes, cardNumber, usualAmount, transactionId, transactionTime,
            currentLoginDevice, currentCardType, currentTransactionType, currentAmount, fraudFlags);
    }

    /** A string field: text or null; a number or boolean would be converted by the tree path, so it decides. */
    private static String string(JsonParser p) throws IOException, NotPlain {
        String s = p.nextTextValue();
        if (s == null && p.currentToken() != JsonToken.VALUE_NULL) {
            throw NOT_PLAIN;
        }
        return s;
    }

    /** An amount: a JSON number (NaN and infinities included, {@link #acceptable} refuses them). */
    private static double number(JsonParser p) throws IOException, NotPlain {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw NOT_PLAIN;
        }
        return p.getDoubleValue();
    }

    /** An array of strings, or null; a null or non-string element is the tree path's to report. */
    private static List<String> strings(JsonParser p) throws IOException, NotPlain {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw NOT_PLAIN;
        }
        List<String> values = new ArrayList<>(8);
        for (String s = p.nextTextValue(); s != null; s = p.nextTextValue()) {
            values.add(s);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw NOT_PLAIN;
        }
        return values;
    }
}
