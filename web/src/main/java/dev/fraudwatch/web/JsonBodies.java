package dev.fraudwatch.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a size limit (413 beyond it, also for chunked bodies) and parses them as JSON. */
final class JsonBodies {

    private final int maxBytes;

    JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    JsonNode read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            // One byte more than allowed tells an over-long body without a Content-Length from one that fits.
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("Could not read the request body: " + e.getMessage());
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        if (body.length == 0) {
            throw ApiError.badRequest("The request body is empty; send a JSON object.");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getMessage());
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "The request body is larger than " + maxBytes + " bytes (setting web.max-body-bytes).");
    }

    /** A required, non-blank text field of at most {@code maxLength} characters without control characters. */
    static String requiredText(JsonNode node, String field, int maxLength) {
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw ApiError.badRequest("Field '" + field + "' is required and must be a non-empty string.");
        }
        String s = v.asText().trim();
        if (s.length() > maxLength) {
            throw ApiError.badRequest("Field '" + field + "' is longer than " + maxLength + " characters.");
        }
        if (s.chars().anyMatch(ch -> Character.isISOControl(ch))) {
            throw ApiError.badRequest("Field '" + field + "' must not contain control characters.");
        }
        return s;
    }
}
