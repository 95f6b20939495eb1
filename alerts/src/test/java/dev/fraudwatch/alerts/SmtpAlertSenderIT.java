package dev.fraudwatch.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.Ports;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SMTP sender against real GreenMail servers: its kept connection (reused, renewed when the server drops it) and
 * how it classifies what a server refuses ({@link PolicyGreenMail} answers as the test's policy says).
 */
class SmtpAlertSenderIT {

    private static final String FROM = "fraudwatch@example.org";
    private static final String PASSWORD = "Pw-keep-4-conn";

    private final int port = Ports.freePort();
    private final List<GreenMail> servers = new ArrayList<>();
    private final SmtpAlertSender sender = new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM,
        List.of("analyst@example.org")).withCredentials(FROM, PASSWORD));

    @AfterEach
    void tearDown() {
        sender.disconnect();
        servers.forEach(GreenMail::stop);
    }

    private GreenMail server() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, FROM, PASSWORD));
        servers.add(g);
        g.start();
        return g;
    }

    private GreenMail policyServer(PolicyGreenMail.Policy policy) {
        GreenMail g = new PolicyGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), policy)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, FROM, PASSWORD));
        servers.add(g);
        g.start();
        return g;
    }

    private static AlertMail mail(int i) {
        return new AlertMailFormatter().format(List.of(Fixtures.txn(account(600 + i), 60_000, "x")), Instant.now());
    }

    @Test
    void aBurstOfMailsGoesOverOneLoggedInConnection() throws Exception {
        GreenMail g = server();
        for (int i = 0; i < 20; i++) {
            sender.send(mail(i));
        }
        assertThat(g.getReceivedMessages()).hasSize(20);
        assertThat(sender.connections()).isEqualTo(1);

        sender.disconnect();
        sender.send(mail(20));
        assertThat(sender.connections()).isEqualTo(2);
        assertThat(g.getReceivedMessages()).hasSize(21);
    }

    @Test
    void aKeptConnectionTheServerDroppedIsRenewedOnceWithoutLosingOrRepeatingTheMail() throws Exception {
        GreenMail first = server();
        sender.send(mail(0));
        first.stop(); // drops the kept connection
        GreenMail second = server();
        AlertMail m = mail(1);
        sender.send(m);
        assertThat(sender.connections()).isEqualTo(2);
        assertThat(second.getReceivedMessages()).hasSize(1);
        assertThat(second.getReceivedMessages()[0].getMessageID()).isEqualTo(m.messageId());
    }

    @Test
    void aServerThatIsDownFailsTheSendAndTheNextSendConnectsAgain() throws Exception {
        server().stop();
        assertThatThrownBy(() -> sender.send(mail(0))).isInstanceOf(AlertSendException.class)
            .hasMessageContaining("did not accept the mail");
        GreenMail back = server();
        sender.send(mail(1));
        assertThat(back.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aMessageRefusedAtTheEndOfDataIsRejectedQuotingTheReplyAndTheNextMailStillGoesOut() throws Exception {
        AlertMail refused = mail(30);
        String refusedId = refused.transactionIds().get(0);
        GreenMail g = policyServer(new PolicyGreenMail.Policy() {
            @Override
            public String data(MimeMessage m) throws MessagingException {
                return m.getHeader("X-FraudWatch-Transactions", ",").contains(refusedId)
                    ? "554 5.6.0 Message refused by content policy" : null;
            }
        });
        sender.send(mail(31)); // a kept connection: the refusal must not be retried on a new one either
        assertThatThrownBy(() -> sender.send(refused)).isInstanceOfSatisfying(AlertSendException.class, e -> {
            assertThat(e.kind()).isEqualTo(AlertSendException.Kind.REJECTED);
            assertThat(e.getMessage()).contains("554 5.6.0 Message refused by content policy");
        });
        assertThat(sender.connections()).isEqualTo(1);
        AlertMail next = mail(32);
        sender.send(next);
        assertThat(g.getReceivedMessages()).extracting(MimeMessage::getMessageID)
            .doesNotContain(refused.messageId()).contains(next.messageId()).hasSize(2);
    }

    @Test
    void everyRecipientRefusedIsAConfigurationFailureNamingSmtpTo() {
        policyServer(new PolicyGreenMail.Policy() {
            @Override
            public String recipient(String address) {
                return "550 5.1.1 <" + address + ">: no such mailbox";
            }
        });
        assertThatThrownBy(() -> sender.send(mail(40))).isInstanceOfSatisfying(AlertSendException.class, e -> {
            assertThat(e.kind()).isEqualTo(AlertSendException.Kind.CONFIGURATION);
            assertThat(e.fix()).contains("'smtp.to'", "analyst@example.org");
        });
    }

    @Test
    void aRefusedSenderIsAConfigurationFailureNamingSmtpFrom() {
        policyServer(new PolicyGreenMail.Policy() {
            @Override
            public String sender(String address) {
                return "553 5.7.1 <" + address + ">: sender address rejected";
            }
        });
        assertThatThrownBy(() -> sender.send(mail(50))).isInstanceOfSatisfying(AlertSendException.class, e -> {
            assertThat(e.kind()).isEqualTo(AlertSendException.Kind.CONFIGURATION);
            assertThat(e.fix()).contains("'smtp.from'");
        });
    }

    @Test
    void aRejectedLoginIsAConfigurationFailureNamingTheLoginSettings() {
        server();
        SmtpAlertSender wrong = new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM,
            List.of("analyst@example.org")).withCredentials(FROM, "wrong-" + PASSWORD));
        assertThatThrownBy(() -> wrong.send(mail(60))).isInstanceOfSatisfying(AlertSendException.class, e -> {
            assertThat(e.kind()).isEqualTo(AlertSendException.Kind.CONFIGURATION);
            assertThat(e.fix()).contains("'smtp.password'").doesNotContain(PASSWORD);
        });
    }

    /** AlertSender's contract: a mail that reached some recipients counts as sent (resending would duplicate it). */
    @Test
    void aMailSomeRecipientsRefuseReachesTheOthersAndCountsAsSent() throws Exception {
        GreenMail g = policyServer(new PolicyGreenMail.Policy() {
            @Override
            public String recipient(String address) {
                return address.startsWith("gone@") ? "550 5.1.1 <" + address + ">: no such mailbox" : null;
            }
        });
        SmtpAlertSender two = new SmtpAlertSender(SmtpConfig.local("127.0.0.1", port, FROM,
            List.of("gone@example.org", "analyst@example.org")).withCredentials(FROM, PASSWORD));
        AlertMail m = mail(70);
        try {
            two.send(m);
        } finally {
            two.disconnect();
        }
        assertThat(g.findReceivedMessages(u -> u.getEmail().equals("analyst@example.org"), x -> true).count())
            .isEqualTo(1);
        assertThat(g.getReceivedMessages()).hasSize(1);
    }
}
