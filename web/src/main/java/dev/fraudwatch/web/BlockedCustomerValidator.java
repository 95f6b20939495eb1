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

    public static final Pattern ACCOUNT = Pattern.compile("ACC\\d{10}");
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

    /** The record the object describes; throws {@link ApiError} 400 naming the first field at fault. */
    public static BlockedCustomer validate(JsonNode node) {
        return validate(node, MAX_TEXT);
    }

    /** As {@link #validate(JsonNode)}, with text fields of up to {@code maxText} characters. */
    static BlockedCustomer validate(JsonNode node, int maxText) {
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("Body must be a JSON object describing a blocked customer.");
        }
        String name = text(node, "Name", maxText);
        String account = text(node, "Account Number", maxText);
        if (!ACCOUNT.matcher(account).matches()) {
            throw ApiError.badRequest("Field 'Account Number' must be ACC followed by 10 digits, got '"
                + clip(account) + "'.");
        }
        JsonNode amountNode = node.get("Current Transaction Amount");
        if (amountNode == null || amountNode.isNull()) {
            throw ApiError.badRequest("Field 'Current Transaction Amount' is missing.");
        }
        if (!amountNode.isNumber() || !Double.isFinite(amountNode.asDouble()) || amountNode.asDouble() < 0) {
            throw ApiError.badRequest("Field 'Current Transaction Amount' must be a finite number >= 0, got "
                + clip(amountNode.toString()) + ".");
        }
        String txId = text(node, "Transaction ID", maxText);
        String time = text(node, "Transaction Time", maxText);
        try {
            TransactionTime.parse(time);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("Field 'Transaction Time' must be a time like 2024-05-01 13:45:10.123456, got '"
                + clip(time) + "'.");
        }
        String reason = text(node, "Reason", maxText);
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

    private static String text(JsonNode node, String field, int maxText) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.badRequest("Field '" + field + "' is missing.");
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("Field '" + field + "' must be a string, got " + v.getNodeType()
                .toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
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
