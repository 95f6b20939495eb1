package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.core.model.ReceivedMail;
import dev.fraudwatch.core.model.Topics;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The alert services {@code fraudwatch up} runs, decided from settings: with {@code smtp.server} set, alerts go
 * to that server; without it, an embedded SMTP server starts first and receives them. All settings are checked
 * here, before anything starts, so a missing or wrong one is a {@code ConfigException} naming it.
 */
public record AlertsSetup(Optional<EmbeddedSmtpService> embeddedSmtp, AlertService alerts) {

    /** How many received mails {@link #mailbox()} returns. */
    public static final int MAILBOX_SIZE = 50;

    public static AlertsSetup fromSettings(Settings s, KafkaSettings kafka) {
        Parsed p = parse(s, kafka.topics());
        if (p.external().isPresent()) {
            return new AlertsSetup(Optional.empty(),
                new AlertService(p.config(), kafka, new SmtpAlertSender(p.external().get())));
        }
        EmbeddedSmtpService smtp = EmbeddedSmtpService.fromSettings(s);
        return new AlertsSetup(Optional.of(smtp),
            new AlertService(p.config(), kafka, new SmtpAlertSender(smtp.clientConfig(p.from(), p.to()))));
    }

    /**
     * Parses and checks the alert settings ({@code alerts.*}, {@code smtp.*}) without creating anything, so
     * {@code fraudwatch up} can call it before any engine starts. Not covered: the embedded SMTP server's own
     * {@code smtp.embedded.*}, checked when {@link #fromSettings} creates the server (with port 0 that picks a free
     * port, which is no pure check).
     */
    public static void check(Settings s, Topics topics) {
        parse(s, topics);
    }

    private static Parsed parse(Settings s, Topics topics) {
        AlertsConfig config = AlertsConfig.from(s, topics);
        if (s.find("smtp.server", "SMTP_SERVER").isPresent()) {
            return new Parsed(config, Optional.of(SmtpConfig.from(s)), null, List.of());
        }
        String from = SmtpConfig.address(s.find("smtp.from", "EMAIL_FROM").orElse(s.get("smtp.embedded.from")),
            "smtp.from");
        List<String> to = SmtpConfig.recipients(s.find("smtp.to", "EMAIL_TO").orElse(s.get("smtp.embedded.to")),
            "smtp.to");
        return new Parsed(config, Optional.empty(), from, to);
    }

    /** The parsed settings: an external server's config, or the sender and recipients for the embedded one. */
    private record Parsed(AlertsConfig config, Optional<SmtpConfig> external, String from, List<String> to) {
    }

    /** In start order: the embedded SMTP server (when used) before the engine that mails to it. */
    public List<Service> services() {
        return embeddedSmtp.<List<Service>>map(smtp -> List.of(smtp, alerts)).orElse(List.of(alerts));
    }

    /** The mails the embedded server received, newest first, for the web dashboard; empty with an external server. */
    public Optional<Supplier<List<ReceivedMail>>> mailbox() {
        return embeddedSmtp.map(smtp -> () -> smtp.receivedMails(MAILBOX_SIZE));
    }
}
