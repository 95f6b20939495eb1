package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the alert engine reads, when it mails and how it groups. Parsed once from {@link Settings}.
 *
 * @param sentTopic     compacted topic remembering which transaction ids were mailed (survives restarts and is
 *                      shared by every instance of the consumer group)
 * @param threshold     a blocked transaction above this amount is mailed (the original's 10,000)
 * @param groupWindow   how long an alert may wait for others of its group before its mail goes out
 * @param groupMax      most transactions listed in one mail; a fuller group is split
 * @param sentRetention how long the sent-id topic keeps an id (bounds its size and the in-memory set)
 * @param rejectedAttempts how often the SMTP server may refuse one mail for good (a 5xx to its content) before the
 *                      engine gives it up to the dead-letter topic and goes on with the next alerts
 */
public record AlertsConfig(String blockedTopic, String alertsTopic, String deadLetterTopic, String sentTopic,
                           String consumerGroup, double threshold, GroupBy groupBy, Duration groupWindow,
                           int groupMax, Duration initialBackoff, Duration maxBackoff, Duration sentRetention,
                           int rejectedAttempts) {

    /** How alerts are combined into mails. */
    public enum GroupBy {
        /** One mail per blocked transaction, sent at once (the original's behaviour). */
        NONE,
        /** One mail per account per window. */
        ACCOUNT,
        /** One mail per window listing every blocked transaction in it. */
        INTERVAL
    }

    public static final String DEFAULT_GROUP = "fraudwatch-alerts";

    public AlertsConfig {
        if (groupMax < 1) {
            throw new ConfigException("Setting 'alerts.group-max' must be at least 1, got " + groupMax + ".");
        }
        if (initialBackoff.isZero() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigException("Settings 'alerts.retry.initial-backoff' and 'alerts.retry.max-backoff' must be"
                + " positive with the maximum at least the initial backoff.");
        }
        if (rejectedAttempts < 1) {
            throw new ConfigException("Setting 'alerts.retry.rejected-attempts' must be at least 1, got "
                + rejectedAttempts + ".");
        }
    }

    public static AlertsConfig from(Settings s, Topics topics) {
        String suffix = s.find("kafka.topic.suffix").map(x -> "_" + x).orElse("");
        return new AlertsConfig(topics.blockedCustomers(), topics.fraudAlerts(), topics.deadLetter(),
            s.get("alerts.sent-topic") + suffix, s.get("alerts.consumer-group"), s.getDouble("alerts.threshold"),
            groupBy(s.get("alerts.group-by")), duration(s, "alerts.group-window"), s.getInt("alerts.group-max"),
            duration(s, "alerts.retry.initial-backoff"), duration(s, "alerts.retry.max-backoff"),
            duration(s, "alerts.sent-retention"), s.getInt("alerts.retry.rejected-attempts"));
    }

    /** The documented defaults with the given topics; tests adjust single fields with the withers. */
    public static AlertsConfig defaults(Topics topics, String sentTopic, String consumerGroup) {
        return new AlertsConfig(topics.blockedCustomers(), topics.fraudAlerts(), topics.deadLetter(), sentTopic,
            consumerGroup, 10_000, GroupBy.NONE, Duration.ofSeconds(10), 50, Duration.ofSeconds(1),
            Duration.ofMinutes(1), Duration.ofDays(30), 3);
    }

    public AlertsConfig withGrouping(GroupBy by, Duration window) {
        return new AlertsConfig(blockedTopic, alertsTopic, deadLetterTopic, sentTopic, consumerGroup, threshold, by,
            window, groupMax, initialBackoff, maxBackoff, sentRetention, rejectedAttempts);
    }

    public AlertsConfig withBackoff(Duration initial, Duration max) {
        return new AlertsConfig(blockedTopic, alertsTopic, deadLetterTopic, sentTopic, consumerGroup, threshold,
            groupBy, groupWindow, groupMax, initial, max, sentRetention, rejectedAttempts);
    }

    public AlertsConfig withRejectedAttempts(int attempts) {
        return new AlertsConfig(blockedTopic, alertsTopic, deadLetterTopic, sentTopic, consumerGroup, threshold,
            groupBy, groupWindow, groupMax, initialBackoff, maxBackoff, sentRetention, attempts);
    }

    public AlertsConfig withConsumerGroup(String group) {
        return new AlertsConfig(blockedTopic, alertsTopic, deadLetterTopic, sentTopic, group, threshold,
            groupBy, groupWindow, groupMax, initialBackoff, maxBackoff, sentRetention, rejectedAttempts);
    }

    static GroupBy groupBy(String v) {
        try {
            return GroupBy.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Setting 'alerts.group-by' must be none, account or interval, got '" + v + "'.");
        }
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
    static Duration duration(Settings s, String key) {
        String v = s.get(key).trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException("Setting '" + key + "' must be a duration such as 500ms, 30s, 5m or 1h, got '"
                    + v + "'.");
            }
        }
        if (d.isNegative()) {
            throw new ConfigException("Setting '" + key + "' must not be negative, got '" + v + "'.");
        }
        return d;
    }
}
