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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Sends alert mails with Jakarta Mail (Angus) over SMTP, STARTTLS or SMTPS, as {@link SmtpConfig} says. One
 * connection (with its TLS handshake and login) is kept between sends, so a burst of mails costs one connection
 * instead of one each; the engine closes it ({@link #disconnect()}) when nothing waits. Used by one engine thread
 * only: not thread-safe.
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
     * Sends over the connection kept from the previous send, or a new one. When a kept connection fails (the server
     * closed it, or refuses more mails on it), the mail is tried once more on a new connection before the failure
     * counts: whatever the server answered, a second try can only give an identical copy with the same Message-ID,
     * as the engine's own retry would.
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
            if (!reused) {
                throw new AlertSendException(describeFailure(e), e);
            }
            LOG.info("Kept SMTP connection failed ({}); sending alert mail {} on a new connection",
                describeFailure(e), mail.messageId());
            try {
                transmit(m, mail);
            } catch (MessagingException again) {
                disconnect();
                throw new AlertSendException(describeFailure(again), again);
            }
        }
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

    /** Returns when the server accepted the mail (for at least one recipient); throws otherwise. */
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
        return "SMTP server " + config.host() + ":" + config.port() + " did not accept the mail: " + why;
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
