package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.ConfigException;

import java.util.Locale;

/** How the connection to the SMTP server is protected. */
public enum TlsMode {
    /** Plain connection upgraded with STARTTLS; the upgrade is required, so a password never travels in clear. */
    STARTTLS(587),
    /** TLS from the first byte (implicit TLS, "SMTPS"). */
    SMTPS(465),
    /** No TLS: only for a local server such as the embedded one. */
    NONE(25);

    private final int defaultPort;

    TlsMode(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    static TlsMode parse(String value, String key) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (v) {
            case "STARTTLS", "TLS" -> STARTTLS;
            case "SMTPS", "SSL", "IMPLICIT" -> SMTPS;
            case "NONE", "PLAIN", "FALSE", "OFF" -> NONE;
            default -> throw new ConfigException("Setting '" + key + "' must be STARTTLS, SMTPS or NONE, got '"
                + value + "'.");
        };
    }

    /** The mode a port implies when none is configured: 465 is SMTPS by convention, anything else STARTTLS. */
    static TlsMode forPort(int port) {
        return port == SMTPS.defaultPort ? SMTPS : STARTTLS;
    }
}
