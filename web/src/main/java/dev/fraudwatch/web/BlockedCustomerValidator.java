package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.BlockedCustomer;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a blocked-customer JSON object field by field, so a bad request is answered with the field at fault
 * rather than a parser stack trace. Pure: no I/O.
 */
public final class BlockedCustomerValidator {

    /**
     * Longest account number accepted in a URL path. The detection job accepts any non-empty account number (the
     * simulator's are {@code ACC} and 10 digits, a bank's may be IBANs or internal ids), so the web service must
     * list, look up and unblock any such account too; it refuses only what cannot be an identifier.
     */
    static final int MAX_ACCOUNT = 100;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** Longest text field accepted from outside, on {@code POST /block-customer}. */
    static final int MAX_TEXT = 500;
    /**
     * Longest text field accepted from the {@code blocked_customers} topic. The detection job blocks any valid
     * transaction, and a valid transaction's name may be as long as its record allows (64 KB): a blocked customer
     * with a long name must still be listed, not skipped.
     */
    static final int MAX_TOPIC_TEXT = 64 * 1024;

    private BlockedCustomerValidator() {
    }

    /**
     * The record a webhook body describes (text trimmed, at most {@link #MAX_TEXT} characters a field); throws
     * {@link ApiError} 400 naming the first field at fault.
     */
    public static BlockedCustomer validate(JsonNode node) {
        return validate(node, MAX_TEXT, true);
    }

    /**
     * The record a {@code blocked_customers} topic record describes: text kept exactly as the detection job wrote it
     * (untrimmed), up to {@link #MAX_TOPIC_TEXT} characters a field.
     */
    static BlockedCustomer validateFromTopic(JsonNode node) {
        return validate(node, MAX_TOPIC_TEXT, false);
    }

    /**
     * {@code fromOutside}: webhook input, trimmed and refused with control characters in the account number; false
     * for topic records, which the detection job already accepted and which are listed exactly as written.
     */
    private static BlockedCustomer validate(JsonNode node, int maxText, boolean fromOutside) {
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("Body must be a JSON object describing a blocked customer.");
        }
        String name = text(node, "Name", maxText, fromOutside);
        String account = text(node, "Account Number", maxText, fromOutside);
        if (fromOutside && CONTROL.matcher(account).find()) {
            throw ApiError.badRequest("Field 'Account Number' must not contain control characters.");
        }
        JsonNode amountNode = node.get("Current Transaction Amount");
        if (amountNode == null || amountNode.isNull()) {
            throw ApiError.badRequest("Field 'Current Transaction Amount' is missing.");
        }
        if (!amountNode.isNumber() || !Double.isFinite(amountNode.asDouble()) || amountNode.asDouble() < 0) {
            throw ApiError.badRequest("Field 'Current Transaction Amount' must be a finite number >= 0, got "
                + clip(amountNode.toString()) + ".");
        }
        String txId = text(node, "Transaction ID", maxText, fromOutside);
        String time = text(node, "Transaction Time", maxText, true);
        try {
            TransactionTime.parse(time);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("Field 'Transaction Time' must be a time like 2024-05-01 13:45:10.123456, got '"
                + clip(time) + "'.");
        }
        String reason = text(node, "Reason", maxText, fromOutside);
        Double score = null;
        JsonNode scoreNode = node.get("Risk_Score");
        if (scoreNode != null && !scoreNode.isNull()) {
            if (!scoreNode.isNumber() || !Double.isFinite(scoreNode.asDouble())) {
                throw ApiError.badRequest("Field 'Risk_Score' must be a finite number when present.");
            }
            score = scoreNode.asDouble();
        }
        List<String> rules = null;
        JsonNode rulesNode = node.get("Rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                throw ApiError.badRequest("Field 'Rules' must be an array of strings when present.");
            }
            rules = new ArrayList<>();
            for (JsonNode r : rulesNode) {
                if (!r.isTextual()) {
                    throw ApiError.badRequest("Field 'Rules' must be an array of strings when present.");
                }
                rules.add(r.asText());
            }
        }
        JsonNode blockedAt = node.get("Blocked_At");
        String at = blockedAt == null || blockedAt.isNull() ? null : blockedAt.asText();
        return new BlockedCustomer(name, account, amountNode.asDouble(), txId, time, reason, score, rules, at);
    }

    /**
     * An account number from a URL path: not blank, at most {@link #MAX_ACCOUNT} characters, no control
     * characters; throws {@link ApiError} 400 otherwise.
     */
    static String account(String account) {
        if (account == null || account.isBlank()) {
            throw ApiError.badRequest("Account number must not be empty.");
        }
        if (account.length() > MAX_ACCOUNT) {
            throw ApiError.badRequest("Account number is longer than " + MAX_ACCOUNT + " characters.");
        }
        if (CONTROL.matcher(account).find()) {
            throw ApiError.badRequest("Account number must not contain control characters, got '"
                + clip(CONTROL.matcher(account).replaceAll("?")) + "'.");
        }
        return account;
    }

    /**
     * A required, non-blank text field. {@code trim}: input from outside is trimmed; records from the topic are
     * kept exactly as the detection job wrote them (it did not trim either), so the list shows what was blocked.
     */
    private static String text(JsonNode node, String field, int maxText, boolean trim) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.badRequest("Field '" + field + "' is missing.");
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("Field '" + field + "' must be a string, got " + v.getNodeType()
                .toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        String s = trim ? v.asText().trim() : v.asText();
        if (s.isBlank()) {
            throw ApiError.badRequest("Field '" + field + "' must not be empty.");
        }
        if (s.length() > maxText) {
            throw ApiError.badRequest("Field '" + field + "' is longer than " + maxText + " characters.");
        }
        return s;
    }

    /** Echoing user input back is fine in JSON, but keep messages short. */
    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
