package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;

import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Turns raw bytes from {@code bank_transactions} into a {@link Transaction}, or into a reason naming the bad
 * field. Never throws for bad input: every rejection is a value the caller routes to the dead-letter topic.
 *
 * <p>Two paths with one verdict. Every record first goes through {@link #strict}: Jackson's streaming parser reads
 * the contract's fields token by token into the record, and accepts only the plainest form of it (each of the 21
 * fields exactly once, strings as strings, amounts as numbers, no other field), whose bound values are then checked
 * ({@link #acceptable}). Anything else takes the slower tree path, which names the field at fault, or accepts what
 * the strict path was too strict for (say a number where a free-text field such as {@code Name} is expected, or a
 * field beyond the contract). So the strict path decides nothing the tree path would decide differently, and valid
 * traffic, nearly all of it, is parsed once, without databind (which cost most of the source thread's time).
 */
public final class TransactionDecoder {

    /** Records above this size are rejected before parsing (the contract's records are about 600 bytes). */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    private static final List<String> ARRAY_FIELDS = List.of("Login Devices", "Card Types", "Transaction Types");

    /**
     * {@link Json#MAPPER}'s parser settings (NaN literals, size limits), so the strict path sees the very tokens the
     * tree path sees, but without Jackson's duplicate detection, a set of names per record: the strict path takes
     * only the contract's 21 fields and checks them off in a bit mask instead. A duplicate, or any other field,
     * goes to the tree path, which rejects duplicates with Jackson's message as before.
     */
    private static final JsonFactory STREAMING = Json.MAPPER.getFactory().rebuild()
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The contract's fields in its order, which is the producer's (see {@link Transaction}). */
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

    private TransactionDecoder() {
    }

    public static DecodeResult decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new DecodeResult.Invalid(null, "empty record");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            return new DecodeResult.Invalid(null,
                "record is " + bytes.length + " bytes, over the limit of " + MAX_RECORD_BYTES + " bytes");
        }
        Transaction t = strict(bytes);
        return t != null ? new DecodeResult.Valid(t) : decodeTree(bytes);
    }

    /** The strict one-pass reading: the transaction, or null when the tree path must decide. */
    static Transaction strict(byte[] bytes) {
        try (JsonParser p = STREAMING.createParser(bytes)) {
            Transaction t = read(p);
            // Trailing content (a second value, garbage) is the tree path's to reject.
            return p.nextToken() == null && acceptable(t) ? t : null;
        } catch (NotPlain | IOException | RuntimeException e) {
            return null; // the tree path says why, or accepts what the strict reading was too strict for
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

    /** The tree path alone (also what {@link #decode} falls back to). */
    static DecodeResult decodeTree(byte[] bytes) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            return new DecodeResult.Invalid(null, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new DecodeResult.Invalid(null, "not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            return new DecodeResult.Invalid(null, "not a JSON object");
        }
        return decode((ObjectNode) tree);
    }

    static DecodeResult decode(ObjectNode o) {
        DecodeResult.Invalid problem = firstProblem(o);
        if (problem != null) {
            return problem;
        }
        try {
            return new DecodeResult.Valid(Json.MAPPER.treeToValue(o, Transaction.class));
        } catch (JsonProcessingException e) {
            return new DecodeResult.Invalid(null, "does not match the transaction contract: " + e.getOriginalMessage());
        }
    }

    /** The checks of {@link #firstProblem} on bound values: true only when the tree path has nothing to object. */
    static boolean acceptable(Transaction t) {
        return present(t.accountNumber()) && present(t.transactionId())
            && validAmount(t.currentTransactionAmount()) && validAmount(t.usualTransactionAmount())
            && present(t.transactionTime()) && parses(t.transactionTime())
            && noNulls(t.loginDevices()) && noNulls(t.cardTypes()) && noNulls(t.transactionTypes());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean validAmount(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && v >= 0;
    }

    private static boolean parses(String time) {
        try {
            TransactionTime.epochMillis(time.trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean noNulls(List<String> values) {
        return values == null || !values.contains(null);
    }

    private static DecodeResult.Invalid firstProblem(ObjectNode o) {
        DecodeResult.Invalid p = requireText(o, "Account Number");
        if (p == null) {
            p = requireText(o, "Transaction ID");
        }
        if (p == null) {
            p = amount(o, "Current Transaction Amount", true);
        }
        if (p == null) {
            p = amount(o, "Usual Transaction Amount", false);
        }
        if (p == null) {
            p = time(o);
        }
        for (int i = 0; p == null && i < ARRAY_FIELDS.size(); i++) {
            p = stringArray(o, ARRAY_FIELDS.get(i));
        }
        return p;
    }

    private static DecodeResult.Invalid requireText(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return new DecodeResult.Invalid(field, "missing");
        }
        if (!n.isTextual()) {
            return new DecodeResult.Invalid(field, "must be a string, got " + n.getNodeType().name().toLowerCase());
        }
        if (n.asText().isBlank()) {
            return new DecodeResult.Invalid(field, "is blank");
        }
        return null;
    }

    private static DecodeResult.Invalid amount(ObjectNode o, String field, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return required ? new DecodeResult.Invalid(field, "missing") : null;
        }
        if (!n.isNumber()) {
            return new DecodeResult.Invalid(field, "must be a number, got " + describe(n));
        }
        double v = n.asDouble();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return new DecodeResult.Invalid(field, "must be a finite number, got " + n.asText());
        }
        if (v < 0) {
            return new DecodeResult.Invalid(field, "must not be negative, got " + n.asText());
        }
        return null;
    }

    private static DecodeResult.Invalid time(ObjectNode o) {
        String field = "Transaction Time";
        DecodeResult.Invalid p = requireText(o, field);
        if (p != null) {
            return p;
        }
        String text = o.get(field).asText();
        try {
            TransactionTime.parse(text);
            return null;
        } catch (DateTimeParseException e) {
            return new DecodeResult.Invalid(field,
                "unparseable time '" + abbreviate(text) + "', expected yyyy-MM-dd HH:mm:ss[.ffffff]");
        }
    }

    private static DecodeResult.Invalid stringArray(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            return new DecodeResult.Invalid(field, "must be an array of strings, got " + describe(n));
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                return new DecodeResult.Invalid(field, "must be an array of strings, holds " + describe(e));
            }
        }
        return null;
    }

    private static String describe(JsonNode n) {
        return n.getNodeType().name().toLowerCase() + " " + abbreviate(n.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
