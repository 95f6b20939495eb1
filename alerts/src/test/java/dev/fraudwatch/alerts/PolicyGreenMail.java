package dev.fraudwatch.alerts;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Map;

/**
 * A real GreenMail server whose SMTP side can refuse what a {@link Policy} says, with the reply the policy gives:
 * GreenMail's own {@link SmtpManager} checks of the sender ({@code MAIL FROM}), each recipient ({@code RCPT TO}) and
 * the received message (answered in place of the {@code 250} after the end of {@code DATA}). Everything else, mailboxes
 * and users included, is GreenMail's.
 */
final class PolicyGreenMail extends GreenMail {

    /** What to refuse; each method returns the whole SMTP reply line (e.g. "554 5.6.0 ...") or null to accept. */
    interface Policy {
        default String sender(String address) {
            return null;
        }

        default String recipient(String address) {
            return null;
        }

        default String data(MimeMessage message) throws MessagingException {
            return null;
        }
    }

    private final Policy policy;

    PolicyGreenMail(ServerSetup setup, Policy policy) {
        super(setup);
        this.policy = policy;
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return super.createServices(config, new PolicyManagers(managers));
    }

    /** GreenMail's managers with the SMTP checks replaced; the users and mailboxes stay those of the server. */
    private final class PolicyManagers extends Managers {
        private final Managers base;
        private final SmtpManager smtp;

        PolicyManagers(Managers base) {
            this.base = base;
            this.smtp = new SmtpManager(base.getImapHostManager(), base.getUserManager()) {
                @Override
                public String checkSender(SmtpState state, MailAddress sender) {
                    return policy.sender(sender.getEmail());
                }

                @Override
                public String checkRecipient(SmtpState state, MailAddress rcpt) {
                    return policy.recipient(rcpt.getEmail());
                }

                @Override
                public String checkData(SmtpState state) {
                    try {
                        return policy.data(state.getMessage().getMessage());
                    } catch (MessagingException e) {
                        return "451 4.3.0 test policy failed: " + e.getMessage();
                    }
                }
            };
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }

        @Override
        public UserManager getUserManager() {
            return base.getUserManager();
        }

        @Override
        public ImapHostManager getImapHostManager() {
            return base.getImapHostManager();
        }
    }
}
