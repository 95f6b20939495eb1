package dev.fraudwatch.alerts;

/**
 * Delivers an alert mail. {@link SmtpAlertSender} is the real one; the engine takes any implementation so the
 * delivery side can be swapped (kafka-streams-examples' {@code EmailService(Emailer)}).
 */
@FunctionalInterface
public interface AlertSender {

    /**
     * Returns only when the server accepted the mail for every recipient; throws when it did not, and then the
     * engine retries the same mail later.
     */
    void send(AlertMail mail) throws AlertSendException;

    /**
     * Releases what is kept between sends (the SMTP connection): called when no mail is waiting and when the engine
     * stops. The next {@link #send} opens a new one.
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
