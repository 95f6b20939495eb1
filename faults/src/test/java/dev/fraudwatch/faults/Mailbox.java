package dev.fraudwatch.faults;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.Ports;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail, plain SMTP, no login) that can be taken down and brought back on the same port.
 * Mails received by an earlier incarnation are kept, so the count of alerts covers the whole run.
 */
final class Mailbox implements AutoCloseable {

    /** The line the alert formatter writes for every transaction of a mail. */
    private static final Pattern TRANSACTION_LINE = Pattern.compile("(?m)^Transaction ID: (\\S+)$");

    /** One received copy: its Message-ID, recipients and the transaction ids listed in its body. */
    record Mail(String messageId, List<String> to, List<String> transactionIds) {
    }

    private final int port = Ports.freePort();
    private final List<Mail> earlier = new ArrayList<>();
    private GreenMail server;

    int port() {
        return port;
    }

    void start() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        g.start();
        server = g;
    }

    /** The server goes away: connections are refused until {@link #start()}. */
    synchronized void stop() {
        earlier.addAll(read(server));
        server.stop();
        server = null;
    }

    /** Every copy received so far, by every incarnation of the server. */
    synchronized List<Mail> mails() {
        List<Mail> all = new ArrayList<>(earlier);
        if (server != null) {
            all.addAll(read(server));
        }
        return all;
    }

    /**
     * How often each transaction id was alerted: per distinct Message-ID (GreenMail keeps one copy per recipient,
     * and a resend after a crash between "250 OK" and the sent-ledger write reuses the Message-ID).
     */
    static Map<String, Integer> alertsPerTransaction(List<Mail> mails) {
        Map<String, Mail> byMessageId = new LinkedHashMap<>();
        mails.forEach(m -> byMessageId.putIfAbsent(m.messageId(), m));
        Map<String, Integer> out = new HashMap<>();
        byMessageId.values().forEach(m -> m.transactionIds().forEach(id -> out.merge(id, 1, Integer::sum)));
        return out;
    }

    private static List<Mail> read(GreenMail g) {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : g.getReceivedMessages()) {
            try {
                Address[] to = m.getAllRecipients();
                List<String> ids = new ArrayList<>();
                Matcher matcher = TRANSACTION_LINE.matcher(String.valueOf(m.getContent()).replace("\r\n", "\n"));
                while (matcher.find()) {
                    ids.add(matcher.group(1));
                }
                out.add(new Mail(m.getMessageID(), to == null ? List.of()
                    : Arrays.stream(to).map(Address::toString).toList(), ids));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("unreadable mail", e);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
        }
    }
}
