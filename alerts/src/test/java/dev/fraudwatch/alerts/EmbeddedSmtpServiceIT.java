package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.model.ReceivedMail;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedSmtpServiceIT {

    @Test
    void receivesAlertMailsAndListsThemNewestFirstOncePerMail() throws Exception {
        try (EmbeddedSmtpService smtp = new EmbeddedSmtpService("127.0.0.1", 0)) {
            smtp.start();
            SmtpAlertSender sender = new SmtpAlertSender(smtp.clientConfig("fraudwatch@localhost",
                List.of("analyst@localhost", "lead@localhost")));
            AlertMailFormatter f = new AlertMailFormatter();
            BlockedTransaction older = Fixtures.txn(account(1), 60_000, "Amount exceeds $50,000");
            BlockedTransaction newer = Fixtures.txn(account(2), 70_000, "Amount exceeds $50,000");
            sender.send(f.format(List.of(older), Instant.now()));
            sender.send(f.format(List.of(newer), Instant.now()));

            List<ReceivedMail> mails = smtp.receivedMails(10);
            assertThat(mails).hasSize(2);
            assertThat(mails.get(0).subject()).contains(newer.transactionId());
            assertThat(mails.get(0).to()).containsExactly("analyst@localhost", "lead@localhost");
            assertThat(mails.get(0).from()).isEqualTo("fraudwatch@localhost");
            assertThat(mails.get(0).body()).contains(newer.transactionId(), "70,000.00");
            assertThat(mails.get(0).receivedAt()).isNotBlank();
            assertThat(mails.get(1).subject()).contains(older.transactionId());
            assertThat(smtp.receivedMails(1)).hasSize(1);
        }
    }

    @Test
    void keepsOnlyTheNewestMailsSoALongRunDoesNotFillTheHeap() throws Exception {
        int keep = 5;
        try (EmbeddedSmtpService smtp = new EmbeddedSmtpService("127.0.0.1", 0, keep)) {
            smtp.start();
            SmtpAlertSender sender = new SmtpAlertSender(smtp.clientConfig("fraudwatch@localhost",
                List.of("analyst@localhost")));
            AlertMailFormatter f = new AlertMailFormatter();
            List<String> sent = new ArrayList<>();
            int total = 4 * keep + 3;
            for (int i = 0; i < total; i++) {
                BlockedTransaction t = Fixtures.txn(account(i), 60_000 + i, "Amount exceeds $50,000");
                sender.send(f.format(List.of(t), Instant.now()));
                sent.add(t.transactionId());
                // Never more than twice the setting, whatever the number received.
                assertThat(smtp.receivedMails(Integer.MAX_VALUE)).hasSizeBetween(Math.min(i + 1, keep), 2 * keep);
            }
            List<ReceivedMail> kept = smtp.receivedMails(Integer.MAX_VALUE);
            // The newest are kept, newest first, without gaps.
            for (int i = 0; i < kept.size(); i++) {
                assertThat(kept.get(i).subject()).contains(sent.get(total - 1 - i));
            }
            assertThat(kept.size()).isGreaterThanOrEqualTo(keep);
        }
    }

    @Test
    void aKeepMailsSettingBelowOneNamesTheSetting() {
        assertThatThrownBy(() -> new EmbeddedSmtpService("127.0.0.1", 0, 0))
            .hasMessageContaining("smtp.embedded.keep-mails");
    }

    @Test
    void aBusyPortIsOneSentenceNamingTheSetting() {
        try (EmbeddedSmtpService first = new EmbeddedSmtpService("127.0.0.1", 0)) {
            first.start();
            EmbeddedSmtpService second = new EmbeddedSmtpService("127.0.0.1", first.port());
            assertThatThrownBy(second::start).isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("smtp.embedded.port");
        }
    }
}
