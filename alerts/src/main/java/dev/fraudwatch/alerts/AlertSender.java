package dev.fraudwatch.alerts;

/**
 * Delivers an alert mail. {@link SmtpAlertSender} is the real one; the engine takes any implementation so the
 * delivery side can be swapped (kafka-streams-examples' {@code EmailService(Emailer)}).
 */
@FunctionalInterface
public interface AlertSender {

    /**
     * Returns when the server accepted the mail for at least one recipient: a mail that reached some recipients
     * counts as sent (the refused ones are logged), since sending it again would duplicate it for those who have it.
     * Throws when it reached nobody; the exception's {@link AlertSendException#kind() kind} tells the engine whether
     * to retry the same mail later (transient, configuration) or, after {@code alerts.retry.rejected-attempts}
     * refusals, to give it up to the dead-letter topic (rejected).
     */
    void send(AlertMail mail) throws AlertSendException;

    /**
     * Releases what is kept between sends (the SMTP connection): called when no mail is waiting, after a failed
     * send and when the engine stops. The next {@link #send} opens a new one.
     */
    default void disconnect() {
    }

    /** Checked once at start: fails with a {@code ConfigException} when the settings cannot work (bad login). */
    default void verify() {
    }

    /** Where mails go, for the start-up summary (never the password). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
