package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.ConfigException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Sends alert mails with Jakarta Mail (Angus) over SMTP, STARTTLS or SMTPS, as {@link SmtpConfig} says. One
 * connection (with its TLS handshake and login) is kept between sends, so a burst of mails costs one connection
 * instead of one each; the engine closes it ({@link #disconnect()}) when nothing waits. Used by one engine thread
 * only: not thread-safe.
 *
 * <p>A failure is classified by the exception Angus Mail throws and the server's reply code only ({@link
 * #classify}): transient (retry), configuration (retry, and name the setting to fix) or a rejection of this one
 * message (5xx to its content).
 */
public final class SmtpAlertSender implements AlertSender {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpAlertSender.class);
    /**
     * A connection unused for longer is closed before the next send rather than reused: servers drop idle clients
     * (RFC 5321 asks for at least 5 minutes; some use far less).
     */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final SmtpConfig config;
    private final Session session;
    private Transport transport;
    private long lastUsed;
    private int connections;

    public SmtpAlertSender(SmtpConfig config) {
        this.config = config;
        this.session = Session.getInstance(properties(config));
    }

    static Properties properties(SmtpConfig c) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", c.host());
        p.put("mail.smtp.port", Integer.toString(c.port()));
        p.put("mail.smtp.from", c.from());
        p.put("mail.smtp.auth", Boolean.toString(c.authenticated()));
        // A recipient the server refuses must not keep the mail from the others: with this, Angus sends to the
        // accepted ones and reports the refused ones afterwards (see transmit). Without it a single bad address in
        // smtp.to would hold back every alert. When every recipient is refused, nothing is sent and it fails.
        p.put("mail.smtp.sendpartial", "true");
        String timeout = Integer.toString(c.timeoutMillis());
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        switch (c.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                // Never fall back to a plain connection: the password would travel in clear.
                p.put("mail.smtp.starttls.required", "true");
            }
            case SMTPS -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> { }
        }
        if (c.tls() != TlsMode.NONE) {
            p.put("mail.smtp.ssl.checkserveridentity", Boolean.toString(c.checkServerIdentity()));
            if (c.sslTrust() != null) {
                p.put("mail.smtp.ssl.trust", c.sslTrust());
            }
        }
        // mail.debug stays off: its protocol trace would print the AUTH exchange.
        p.put("mail.debug", "false");
        return p;
    }

    /**
     * Sends over the connection kept from the previous send, or a new one. When a kept connection fails transiently
     * (the server closed it, or refuses more mails on it), the mail is tried once more on a new connection before
     * the failure counts: whatever the server answered, a second try can only give an identical copy with the same
     * Message-ID, as the engine's own retry would. A refusal of this message or of the settings is not retried here:
     * a new connection would get the same answer.
     */
    @Override
    public void send(AlertMail mail) throws AlertSendException {
        MimeMessage m;
        try {
            m = message(mail);
        } catch (MessagingException e) {
            throw new AlertSendException(describeFailure(e), e);
        }
        if (transport != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
            disconnect(); // the server may have dropped it meanwhile; don't find out by a failed send
        }
        boolean reused = transport != null;
        try {
            transmit(m, mail);
        } catch (MessagingException e) {
            disconnect();
            AlertSendException failure = classify(e);
            if (!reused || failure.kind() != AlertSendException.Kind.TRANSIENT) {
                throw failure;
            }
            LOG.info("Kept SMTP connection failed ({}); sending alert mail {} on a new connection",
                failure.getMessage(), mail.messageId());
            try {
                transmit(m, mail);
            } catch (MessagingException again) {
                disconnect();
                throw classify(again);
            }
        }
    }

    /**
     * What a failed send means, from the exception type and the reply code only (the reply text is quoted, never
     * parsed):
     * <ul>
     *   <li>a rejected login (535, or 530 "authentication required" to {@code MAIL FROM}), the sender refused (5xx to
     *       {@code MAIL FROM}), every recipient refused (5xx to each {@code RCPT TO}), or a 5xx to the {@code DATA}
     *       command itself, before any content was sent: {@link AlertSendException.Kind#CONFIGURATION}, with the
     *       setting to fix; every mail would meet it;</li>
     *   <li>a 5xx reply to the message's content (the end of {@code DATA}, e.g. 552 too large, 554 rejected):
     *       {@link AlertSendException.Kind#REJECTED}, this message only;</li>
     *   <li>everything else (connect failures, resets, timeouts, 4xx replies): {@link
     *       AlertSendException.Kind#TRANSIENT}.</li>
     * </ul>
     */
    AlertSendException classify(MessagingException e) {
        String why = describeFailure(e);
        String server = "The SMTP server " + config.host() + ":" + config.port();
        if (e instanceof AuthenticationFailedException) {
            return AlertSendException.configuration(why, server + " rejects the login of '" + config.username()
                + "': fix settings 'smtp.username' and 'smtp.password' (EMAIL_PASSWORD).", e);
        }
        if (e instanceof SMTPSendFailedException s && permanent(s.getReturnCode())) {
            if (s.getNextException() instanceof SMTPSenderFailedException) {
                return AlertSendException.configuration(why, server + " refuses '" + config.from() + "' as sender:"
                    + " fix setting 'smtp.from' (EMAIL_FROM); it must be an address the login may send from.", e);
            }
            if (s.getReturnCode() == 530) {
                return AlertSendException.configuration(why, server + " requires a login: set 'smtp.password'"
                    + " (EMAIL_PASSWORD), and 'smtp.username' when the login is not the sender address.", e);
            }
            if (".".equals(s.getCommand())) {
                return AlertSendException.rejected(why, e);
            }
            return AlertSendException.configuration(why, server + " refuses every mail before its content (reply "
                + s.getReturnCode() + " to " + s.getCommand() + "): check settings 'smtp.from' (EMAIL_FROM), 'smtp.to'"
                + " (EMAIL_TO), 'smtp.username' and 'smtp.password'.", e);
        }
        if (e instanceof SendFailedException && !(e instanceof SMTPSendFailedException)) {
            List<SMTPAddressFailedException> refused = new ArrayList<>();
            for (Exception n = e.getNextException(); n instanceof MessagingException mn; n = mn.getNextException()) {
                if (n instanceof SMTPAddressFailedException a) {
                    refused.add(a);
                }
            }
            if (!refused.isEmpty() && refused.stream().allMatch(a -> permanent(a.getReturnCode()))) {
                return AlertSendException.configuration(why, server + " refuses every recipient ("
                    + String.join(", ", refused.stream().map(a -> String.valueOf(a.getAddress())).toList())
                    + "): fix setting 'smtp.to' (EMAIL_TO).", e);
            }
        }
        return new AlertSendException(why, e);
    }

    private static boolean permanent(int replyCode) {
        return replyCode >= 500 && replyCode <= 599;
    }

    private MimeMessage message(AlertMail mail) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, mail.messageId());
        m.setFrom(new InternetAddress(config.from()));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", config.to())));
        m.setSubject(mail.subject(), "UTF-8");
        m.setText(mail.body(), "UTF-8");
        m.setSentDate(Date.from(mail.date())); // the intent's date: a resend after a crash is the same mail
        m.setHeader("X-FraudWatch-Transactions", String.join(",", mail.transactionIds()));
        return m;
    }

    /**
     * Returns when the server accepted the mail for at least one recipient; throws otherwise. With sendpartial a
     * mail some recipients refused arrives here as a SendFailedException listing those it was sent to.
     */
    private void transmit(MimeMessage m, AlertMail mail) throws MessagingException {
        if (transport == null) {
            transport = connect();
            connections++;
        }
        try {
            transport.sendMessage(m, m.getAllRecipients());
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent == null || sent.length == 0) {
                throw e;
            }
            // Some recipients have it: sending again would duplicate it for them, so it counts as sent.
            LOG.warn("Alert mail {} reached {} but the server refused {}: {}", mail.messageId(),
                Arrays.toString(sent), Arrays.toString(e.getInvalidAddresses()), e.getMessage());
        }
        lastUsed = System.nanoTime();
    }

    /** Closes the kept connection (QUIT); the next send opens a new one. */
    @Override
    public void disconnect() {
        Transport t = transport;
        transport = null;
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException e) {
                LOG.debug("Closing the SMTP connection failed: {}", e.getMessage());
            }
        }
    }

    private Transport connect() throws MessagingException {
        Transport t = session.getTransport();
        if (config.authenticated()) {
            t.connect(config.host(), config.port(), config.username(), config.password());
        } else {
            t.connect();
        }
        return t;
    }

    /** SMTP connections opened by {@link #send} so far, for tests. */
    int connections() {
        return connections;
    }

    /** A login the server rejects is a setting to fix, not an outage to wait out; an unreachable server is. */
    @Override
    public void verify() {
        try (Transport t = connect()) {
            LOG.info("SMTP server {}:{} ({}) accepted the connection", config.host(), config.port(), config.tls());
        } catch (AuthenticationFailedException e) {
            throw new ConfigException("The SMTP server " + config.host() + ":" + config.port() + " rejected the login"
                + " of '" + config.username() + "': check settings 'smtp.username' and 'smtp.password'"
                + " (EMAIL_PASSWORD).");
        } catch (MessagingException e) {
            LOG.warn("SMTP server {}:{} not reachable now ({}); alerts will wait and be retried",
                config.host(), config.port(), describeFailure(e));
        }
    }

    private String describeFailure(MessagingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root == e ? e.getMessage() : e.getMessage() + " (" + root.getClass().getSimpleName() + ": "
            + root.getMessage() + ")";
        // A reply of several lines comes joined by newlines; one log line and one header value are easier to read.
        return "SMTP server " + config.host() + ":" + config.port() + " did not accept the mail: "
            + String.valueOf(why).replaceAll("\\s*\n\\s*", " ").strip();
    }

    @Override
    public String describe() {
        return "SMTP " + config.host() + ":" + config.port() + " (" + config.tls() + ") from " + config.from()
            + " to " + String.join(", ", config.to());
    }

    /** Keeps the Message-ID we chose instead of the random one Jakarta Mail writes when saving changes. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
