package dev.fraudwatch.alerts;

/**
 * The mail server did not accept an alert mail. What the engine does next depends on the {@link Kind}: a transient
 * or configuration failure is retried with backoff, a rejection of this one message is retried a bounded number of
 * times and then given up to the dead-letter topic. The message never holds a password.
 */
public class AlertSendException extends Exception {

    /** Why the mail was not accepted, as far as the server's reply code tells. */
    public enum Kind {
        /** Worth retrying as it is: connection refused, reset or timed out, a 4xx reply, anything unclassified. */
        TRANSIENT,
        /** Affects every mail until a setting is fixed (login refused, sender refused, every recipient refused). */
        CONFIGURATION,
        /** The server permanently refused this one message (5xx to its content); other mails may well pass. */
        REJECTED
    }

    private final Kind kind;
    private final String fix;

    /** A transient failure: retried with backoff. */
    public AlertSendException(String message, Throwable cause) {
        this(Kind.TRANSIENT, message, null, cause);
    }

    private AlertSendException(Kind kind, String message, String fix, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.fix = fix;
    }

    /** A failure every mail will meet until {@code fix} (a sentence naming the setting to change) is done. */
    public static AlertSendException configuration(String message, String fix, Throwable cause) {
        return new AlertSendException(Kind.CONFIGURATION, message, fix, cause);
    }

    /** The server refused this message for good; {@code message} quotes its reply. */
    public static AlertSendException rejected(String message, Throwable cause) {
        return new AlertSendException(Kind.REJECTED, message, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** For a {@link Kind#CONFIGURATION} failure, the sentence naming the setting to fix; otherwise null. */
    public String fix() {
        return fix;
    }
}
