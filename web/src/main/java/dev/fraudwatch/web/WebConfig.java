package dev.fraudwatch.web;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The web service's settings ({@code web.*}, documented in this module's {@code fraudwatch-defaults.properties}).
 *
 * @param host          interface to listen on; loopback by default so nothing is exposed by accident
 * @param port          HTTP port (0 = any free port, for tests)
 * @param token         shared secret required by every write endpoint; empty = none (allowed on loopback only)
 * @param maxBodyBytes  largest accepted request body; larger ones get 413
 * @param blockedLimit  how many blocked customers {@code GET /get-blocked-customers} returns by default
 * @param blockedKeep   how many blocked customers the store (and the dashboard) keeps; rebuilt from the topic's tail
 * @param alertsLimit   how many alerts the customer view and the alerts panel show
 */
public record WebConfig(String host, int port, Optional<String> token, int maxBodyBytes, int blockedLimit,
                        int blockedKeep, int alertsLimit) {

    public WebConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("Setting 'web.port' must be between 0 and 65535, got " + port + ".");
        }
        token = token.map(String::trim).filter(t -> !t.isEmpty());
        requirePositive("web.max-body-bytes", maxBodyBytes);
        requirePositive("web.blocked.limit", blockedLimit);
        requirePositive("web.blocked.keep", blockedKeep);
        requirePositive("web.alerts.limit", alertsLimit);
        if (blockedKeep < blockedLimit) {
            throw new ConfigException("Setting 'web.blocked.keep' (" + blockedKeep + ") must be at least "
                + "'web.blocked.limit' (" + blockedLimit + ").");
        }
        if (token.isEmpty() && !isLoopback(host)) {
            throw new ConfigException("Setting 'web.token' is required when 'web.host' is " + host
                + " (not loopback): write endpoints refuse to run unauthenticated on a reachable interface; set "
                + "web.token (environment variable " + Settings.envName("web.token") + ") or use web.host=127.0.0.1.");
        }
    }

    public static WebConfig from(Settings s) {
        return new WebConfig(s.get("web.host"), s.getInt("web.port"), s.find("web.token"),
            s.getInt("web.max-body-bytes"), s.getInt("web.blocked.limit"), s.getInt("web.blocked.keep"),
            s.getInt("web.alerts.limit"));
    }

    /** Loopback on 127.0.0.1, no token, default limits: for tests. */
    public static WebConfig local(int port) {
        return new WebConfig("127.0.0.1", port, Optional.empty(), 64 * 1024, 10, 200, 20);
    }

    public WebConfig withToken(String t) {
        return new WebConfig(host, port, Optional.ofNullable(t), maxBodyBytes, blockedLimit, blockedKeep, alertsLimit);
    }

    public WebConfig withPort(int p) {
        return new WebConfig(host, p, token, maxBodyBytes, blockedLimit, blockedKeep, alertsLimit);
    }

    public WebConfig withMaxBodyBytes(int bytes) {
        return new WebConfig(host, port, token, bytes, blockedLimit, blockedKeep, alertsLimit);
    }

    /** True for names that resolve to a loopback address; 0.0.0.0, :: and real interfaces are not. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("Setting 'web.host' is not a known host or address: '" + host + "'.");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw new ConfigException("Setting '" + key + "' must be at least 1, got " + value + ".");
        }
    }
}
