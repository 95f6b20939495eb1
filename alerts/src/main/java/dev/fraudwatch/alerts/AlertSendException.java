package dev.fraudwatch.alerts;

/** The mail server did not accept an alert mail; the engine will retry it. The message never holds a password. */
public class AlertSendException extends Exception {
    public AlertSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
