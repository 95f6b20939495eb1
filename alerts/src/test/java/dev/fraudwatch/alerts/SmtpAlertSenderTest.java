package dev.fraudwatch.alerts;

import dev.fraudwatch.alerts.AlertSendException.Kind;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failed send is classified, from the exceptions Angus Mail throws (built here as its SMTPTransport builds
 * them; SmtpAlertSenderIT gets them from a real server): by type and reply code only.
 */
class SmtpAlertSenderTest {

    private static final String FROM = "fraudwatch@example.org";
    private final SmtpAlertSender sender = new SmtpAlertSender(SmtpConfig.local("mail.example.org", 587, FROM,
        List.of("analyst@example.org", "second@example.org")).withCredentials(FROM, "not-logged"));

    private static SMTPSendFailedException sendFailed(String cmd, int code, String reply) {
        return new SMTPSendFailedException(cmd, code, reply, null, null, null, null);
    }

    private static SMTPAddressFailedException refused(String address, int code) throws Exception {
        return new SMTPAddressFailedException(new InternetAddress(address), "RCPT TO:<" + address + ">", code,
            code + " mailbox refused\n");
    }

    /** As Angus's rcptTo throws it: "Invalid Addresses" with each refusal chained after the other. */
    private static SendFailedException recipientsRefused(SMTPAddressFailedException... each) {
        MessagingException chain = each[0];
        for (int i = 1; i < each.length; i++) {
            chain.setNextException(each[i]);
        }
        return new SendFailedException("Invalid Addresses", chain, null, new Address[0], new Address[0]);
    }

    @Test
    void aFiveHundredReplyToTheMessageContentRejectsThatMessageAndQuotesTheReply() {
        for (int code : new int[] {552, 554}) {
            AlertSendException e = sender.classify(sendFailed(".", code, code + " 5.6.0 Message refused by policy\n"));
            assertThat(e.kind()).as("%d", code).isEqualTo(Kind.REJECTED);
            assertThat(e.getMessage()).endsWith(code + " 5.6.0 Message refused by policy");
            assertThat(e.fix()).isNull();
        }
    }

    @Test
    void aFourHundredReplyIsTransientWhereverItComes() throws Exception {
        assertThat(sender.classify(sendFailed(".", 451, "451 4.3.0 try later\n")).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(sender.classify(sendFailed("MAIL FROM:<" + FROM + ">", 421, "421 closing\n")).kind())
            .isEqualTo(Kind.TRANSIENT);
        assertThat(sender.classify(recipientsRefused(refused("analyst@example.org", 452),
            refused("second@example.org", 450))).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void connectionFailuresAndTimeoutsAreTransient() {
        assertThat(sender.classify(new MailConnectException(new SocketConnectException("refused",
            new ConnectException("Connection refused"), "mail.example.org", 587, 10_000))).kind())
            .isEqualTo(Kind.TRANSIENT);
        assertThat(sender.classify(new MessagingException("Exception reading response",
            new SocketTimeoutException("Read timed out"))).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aRejectedLoginIsConfigurationNamingTheLoginSettings() {
        AlertSendException e = sender.classify(new AuthenticationFailedException("535 5.7.8 credentials invalid\n"));
        assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
        assertThat(e.fix()).contains("'smtp.username'", "'smtp.password'").doesNotContain("not-logged");
        assertThat(sender.classify(sendFailed("MAIL FROM:<" + FROM + ">", 530, "530 5.7.0 Authentication required\n"))
            .fix()).contains("'smtp.password'");
    }

    @Test
    void aRefusedSenderIsConfigurationNamingSmtpFrom() throws Exception {
        SMTPSendFailedException e = sendFailed("MAIL FROM:<" + FROM + ">", 553, "553 5.7.1 sender not allowed\n");
        e.setNextException(new SMTPSenderFailedException(new InternetAddress(FROM), "MAIL FROM:<" + FROM + ">", 553,
            "553 5.7.1 sender not allowed\n"));
        AlertSendException c = sender.classify(e);
        assertThat(c.kind()).isEqualTo(Kind.CONFIGURATION);
        assertThat(c.fix()).contains("'smtp.from'", FROM);
    }

    @Test
    void everyRecipientRefusedForGoodIsConfigurationNamingSmtpTo() throws Exception {
        AlertSendException e = sender.classify(recipientsRefused(refused("analyst@example.org", 550),
            refused("second@example.org", 553)));
        assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
        assertThat(e.fix()).contains("'smtp.to'", "analyst@example.org", "second@example.org");
    }

    @Test
    void aFiveHundredReplyToTheDataCommandItselfIsConfigurationNotAVerdictOnTheContent() {
        AlertSendException e = sender.classify(sendFailed("DATA", 554, "554 5.5.1 no valid recipients\n"));
        assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
        assertThat(e.fix()).contains("'smtp.to'", "'smtp.from'");
    }
}
