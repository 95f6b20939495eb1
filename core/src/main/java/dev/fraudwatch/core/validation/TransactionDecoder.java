package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;

import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Turns raw bytes from {@code bank_transactions} into a {@link Transaction}, or into a reason naming the bad
 * field. Never throws for bad input: every rejection is a value the caller routes to the dead-letter topic.
 *
 * <p>Two paths with one verdict. Every record first goes through {@link #strict}: {@link PlainTransactionReader}
 * reads the contract's fields with Jackson's streaming parser, taking only the plainest form of a record (each of
 * the 21 fields exactly once, strings as strings, amounts as numbers, no other field), and the values read are
 * then checked ({@link #acceptable}). Anything else takes the slower tree path, which names the field at fault, or
 * accepts what the strict path was too strict for (say a number where a free-text field such as {@code Name} is
 * expected, or a field beyond the contract). So the strict path decides nothing the tree path would decide
 * differently, and valid traffic, nearly all of it, is parsed once, without databind.
 */
public final class TransactionDecoder {

    /** Records above this size are rejected before parsing (the contract's records are about 600 bytes). */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    private static final List<String> ARRAY_FIELDS = List.of("Login Devices", "Card Types", "Transaction Types");

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
        Transaction t = PlainTransactionReader.read(bytes);
        return t != null && acceptable(t) ? t : null;
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
