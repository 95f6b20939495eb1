package dev.fraudwatch.alerts;

/**
 * Test wrappers around a real sender. A lambda would only replace {@link AlertSender#send}: the engine's
 * {@link AlertSender#disconnect()} (after a failed send, when nothing waits, on stop) would then never reach the real
 * sender, whose kept SMTP connection would outlive what the engine meant, unlike in production.
 */
final class Senders {

    private Senders() {
    }

    /** Sends with {@code send} (which may call {@code real.send}); everything else goes to {@code real}. */
    static AlertSender forwarding(AlertSender real, AlertSender send) {
        return new AlertSender() {
            @Override
            public void send(AlertMail mail) throws AlertSendException {
                send.send(mail);
            }

            @Override
            public void disconnect() {
                real.disconnect();
            }

            @Override
            public void verify() {
                real.verify();
            }

            @Override
            public String describe() {
                return real.describe();
            }
        };
    }
}
