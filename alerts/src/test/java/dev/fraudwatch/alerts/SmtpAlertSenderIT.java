package dev.fraudwatch.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fraudwatch.core.config.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SMTP sender's kept connection against real GreenMail servers: reused, renewed when the server drops it. */
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
}
