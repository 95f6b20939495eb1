package dev.fraudwatch.web;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Guards write endpoints with the shared token from setting {@code web.token}, when one is configured. */
final class TokenCheck {

    static final String HEADER = "X-FraudWatch-Token";
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    TokenCheck(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    boolean required() {
        return token != null;
    }

    /** Throws 401 unless the request carries the token (in {@value #HEADER} or as a bearer token). */
    void check(Context ctx) {
        if (token == null) {
            return;
        }
        String given = ctx.header(HEADER);
        String auth = ctx.header("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            given = auth.substring(BEARER.length()).trim();
        }
        if (given == null) {
            throw new ApiError(401, "This endpoint requires a token: send header " + HEADER
                + " or Authorization: Bearer <token>.");
        }
        // Constant-time comparison, so the token cannot be guessed byte by byte from response times.
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "The token is not valid.");
        }
    }
}
