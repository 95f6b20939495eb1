package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and how alert mails are sent. Built once from {@link Settings} with the original's variable names as
 * aliases ({@code SMTP_SERVER}, {@code SMTP_PORT}, {@code EMAIL_FROM}, {@code EMAIL_PASSWORD}, {@code EMAIL_TO}).
 *
 * <p>{@link #toString()} masks the password, and no message built here ever contains it.
 *
 * @param username login name; null means no authentication
 * @param password login password; null means no authentication
 * @param sslTrust hosts whose certificate is trusted without a CA chain ({@code *} for a test server), or null
 */
public record SmtpConfig(String host, int port, TlsMode tls, String from, String username, String password,
                         List<String> to, int timeoutMillis, String sslTrust, boolean checkServerIdentity) {

    public SmtpConfig {
        to = List.copyOf(to);
    }

    public static SmtpConfig from(Settings s) {
        String host = s.get("smtp.server", "SMTP_SERVER");
        Optional<TlsMode> tlsSetting = s.find("smtp.tls", "SMTP_TLS").map(v -> TlsMode.parse(v, "smtp.tls"));
        int port = s.find("smtp.port", "SMTP_PORT").map(v -> parsePort(v, "smtp.port"))
            .orElse(tlsSetting.map(TlsMode::defaultPort).orElse(TlsMode.STARTTLS.defaultPort()));
        TlsMode tls = tlsSetting.orElse(TlsMode.forPort(port));
        String from = address(s.get("smtp.from", "EMAIL_FROM"), "smtp.from");
        String password = s.find("smtp.password", "EMAIL_PASSWORD").orElse(null);
        Optional<String> explicitUser = s.find("smtp.username", "EMAIL_USERNAME");
        if (explicitUser.isPresent() && password == null) {
            throw new ConfigException("Setting 'smtp.username' is set but 'smtp.password' is missing: set it as "
                + "environment variable EMAIL_PASSWORD or " + Settings.envName("smtp.password")
                + ", preferably in .env.");
        }
        String username = password == null ? null : explicitUser.orElse(from);
        List<String> to = recipients(s.get("smtp.to", "EMAIL_TO"), "smtp.to");
        int timeout = s.getInt("smtp.timeout-ms");
        if (timeout < 1) {
            throw new ConfigException("Setting 'smtp.timeout-ms' must be positive, got " + timeout + ".");
        }
        return new SmtpConfig(host, port, tls, from, username, password, to, timeout,
            s.find("smtp.ssl.trust").orElse(null), s.getBoolean("smtp.ssl.check-server-identity"));
    }

    /** A plain, unauthenticated connection to a local server (the embedded one). */
    public static SmtpConfig local(String host, int port, String from, List<String> to) {
        return new SmtpConfig(host, port, TlsMode.NONE, from, null, null, to, 10_000, null, true);
    }

    public boolean authenticated() {
        return username != null && password != null;
    }

    public SmtpConfig withTls(TlsMode mode, String trust, boolean checkIdentity) {
        return new SmtpConfig(host, port, mode, from, username, password, to, timeoutMillis, trust, checkIdentity);
    }

    public SmtpConfig withCredentials(String user, String pass) {
        return new SmtpConfig(host, port, tls, from, user, pass, to, timeoutMillis, sslTrust, checkServerIdentity);
    }

    static int parsePort(String v, String key) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new ConfigException("Setting '" + key + "' must be a port number between 1 and 65535, got '" + v + "'.");
    }

    static String address(String value, String key) {
        try {
            InternetAddress a = new InternetAddress(value.trim(), true);
            return a.getAddress();
        } catch (AddressException e) {
            throw new ConfigException("Setting '" + key + "' is not a valid e-mail address: '" + value + "'.");
        }
    }

    static List<String> recipients(String value, String key) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,;]")) {
            if (!part.isBlank()) {
                out.add(address(part, key));
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException("Setting '" + key + "' names no recipient; give one or more addresses "
                + "separated by commas.");
        }
        return out;
    }

    @Override
    public String toString() {
        return "SmtpConfig[" + host + ":" + port + " " + tls + ", from " + from + ", to " + to
            + (authenticated() ? ", user " + username + ", password ********" : ", no authentication") + "]";
    }
}
