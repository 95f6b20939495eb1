package dev.fraudwatch.web;

/** A request the server refuses, with the HTTP status and a message naming the problem (sent as JSON). */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }
}
