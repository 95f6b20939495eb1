package dev.fraudwatch.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.core.model.ReceivedMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A local SMTP server (GreenMail) for a laptop without a mail account: {@code fraudwatch up} starts it when no
 * {@code smtp.server} is configured, the alert engine mails to it, and the web dashboard lists what it received.
 * It keeps mails in memory only and listens on loopback.
 *
 * <p>It keeps only the newest {@code keepMails} mails per mailbox ({@code smtp.embedded.keep-mails}): GreenMail
 * itself keeps everything, so a long run with many alerts would otherwise fill the FraudWatch process's heap, and
 * every look at the mailbox would copy all of it. Older mails are deleted when a mailbox holds twice as many, so the
 * trimming costs a constant amount per mail.
 */
public final class EmbeddedSmtpService implements Service {

    /** Default of {@code smtp.embedded.keep-mails}. */
    public static final int DEFAULT_KEEP_MAILS = 1000;

    private final String host;
    private final int port;
    private final int keepMails;
    private volatile GreenMail greenMail;

    /** {@code port} 0 picks a free port now, so {@link #clientConfig} can be built before {@link #start()}. */
    public EmbeddedSmtpService(String host, int port) {
        this(host, port, DEFAULT_KEEP_MAILS);
    }

    public EmbeddedSmtpService(String host, int port, int keepMails) {
        if (keepMails < 1) {
            throw new ConfigException("Setting 'smtp.embedded.keep-mails' must be at least 1, got " + keepMails + ".");
        }
        this.host = host;
        this.port = Ports.orFree(port);
        this.keepMails = keepMails;
    }

    public static EmbeddedSmtpService fromSettings(Settings s) {
        String port = s.get("smtp.embedded.port");
        // 0 is allowed here: any free port (tests, several checkouts on one machine).
        return new EmbeddedSmtpService(s.get("smtp.embedded.host"),
            "0".equals(port) ? 0 : SmtpConfig.parsePort(port, "smtp.embedded.port"),
            s.getInt("smtp.embedded.keep-mails"));
    }

    @Override
    public String name() {
        return "SMTP server (embedded, GreenMail)";
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** How the alert engine reaches this server: plain SMTP, no login. */
    public SmtpConfig clientConfig(String from, List<String> to) {
        return SmtpConfig.local(host, port, from, to);
    }

    @Override
    public void start() {
        Ports.requireFree(host, port, name(), "smtp.embedded.port");
        GreenMail g = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        g.start();
        UserManager users = g.getUserManager();
        users.setMessageDeliveryHandler(new Trimming(users.getMessageDeliveryHandler(), users.getImapHostManager()));
        greenMail = g;
    }

    /**
     * Before each delivery, trims the recipient's inbox to the newest {@code keepMails - 1} once it holds
     * {@code 2 * keepMails}, so it never holds more than that and the work per mail stays constant.
     */
    private final class Trimming implements MessageDeliveryHandler {
        private final MessageDeliveryHandler delegate;
        private final ImapHostManager mailboxes;

        Trimming(MessageDeliveryHandler delegate, ImapHostManager mailboxes) {
            this.delegate = delegate;
            this.mailboxes = mailboxes;
        }

        @Override
        public GreenMailUser handle(MovingMessage msg, MailAddress to) throws MessagingException, UserException {
            GreenMailUser user = delegate.handle(msg, to);
            try {
                trim(mailboxes.getInbox(user));
            } catch (FolderException e) {
                throw new MessagingException("cannot trim the mailbox of " + to, e);
            }
            return user;
        }
    }

    private void trim(MailFolder inbox) throws FolderException {
        synchronized (inbox) {
            if (inbox.getMessageCount() < 2 * keepMails) {
                return;
            }
            long[] uids = inbox.getMessageUids();
            Flags deleted = new Flags(Flags.Flag.DELETED);
            // Keep the newest keepMails - 1: the mail being delivered makes keepMails.
            for (int i = 0; i < uids.length - (keepMails - 1); i++) {
                inbox.setFlags(deleted, true, uids[i], null, false);
            }
            inbox.expunge();
        }
    }

    @Override
    public List<String> endpoints() {
        return List.of("smtp://" + host + ":" + port + " (local mailbox, shown on the dashboard)");
    }

    /**
     * The newest {@code limit} mails, newest first. GreenMail files one copy per recipient; they share a
     * Message-ID and are listed once with all recipients.
     */
    public List<ReceivedMail> receivedMails(int limit) {
        GreenMail g = greenMail;
        if (g == null || limit <= 0) {
            return List.of();
        }
        MimeMessage[] all = g.getReceivedMessages();
        List<ReceivedMail> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = all.length - 1; i >= 0 && out.size() < limit; i--) {
            try {
                MimeMessage m = all[i];
                String id = m.getMessageID();
                if (id != null && !seen.add(id)) {
                    continue;
                }
                out.add(toReceived(m));
            } catch (MessagingException | IOException e) {
                out.add(new ReceivedMail("?", List.of(), "(unreadable mail: " + e.getMessage() + ")", null, ""));
            }
        }
        return out;
    }

    private static ReceivedMail toReceived(MimeMessage m) throws MessagingException, IOException {
        Address[] from = m.getFrom();
        Address[] to = m.getRecipients(Message.RecipientType.TO);
        Date when = m.getReceivedDate() != null ? m.getReceivedDate() : m.getSentDate();
        return new ReceivedMail(from == null || from.length == 0 ? "" : from[0].toString(),
            to == null ? List.of() : Arrays.stream(to).map(Address::toString).toList(), m.getSubject(),
            when == null ? null : when.toInstant().toString(), text(m.getContent()));
    }

    /** The text of a mail: the body itself, or the first text part of a multipart one (not only ours arrive). */
    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.isMimeType("text/*") || part.isMimeType("multipart/*")) {
                    return text(part.getContent());
                }
            }
        }
        return "(no text part)";
    }

    @Override
    public void close() {
        GreenMail g = greenMail;
        greenMail = null;
        if (g != null) {
            g.stop();
        }
    }
}
