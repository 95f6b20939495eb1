package dev.fraudwatch.indexer;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.time.Duration;

/**
 * How the indexer batches and retries.
 *
 * @param groupId        consumer group prefix; each index definition uses {@code <groupId>-<index>}
 * @param maxActions     a bulk request is sent when it holds this many documents ...
 * @param maxBytes       ... or this many bytes of documents ...
 * @param flushInterval  ... or when its oldest document has waited this long
 * @param initialBackoff first wait after Elasticsearch failed; doubles on each further failure ...
 * @param maxBackoff     ... up to this
 */
public record IndexerSettings(String groupId, int maxActions, long maxBytes, Duration flushInterval,
                              Duration initialBackoff, Duration maxBackoff) {

    public IndexerSettings {
        if (maxActions < 1) {
            throw new ConfigException("Setting 'indexer.bulk.max-actions' must be at least 1, got " + maxActions + ".");
        }
        if (maxBytes < 1) {
            throw new ConfigException("Setting 'indexer.bulk.max-bytes' must be at least 1, got " + maxBytes + ".");
        }
    }

    public static IndexerSettings from(Settings s) {
        return new IndexerSettings(s.get("indexer.group.id"), s.getInt("indexer.bulk.max-actions"),
            s.getLong("indexer.bulk.max-bytes"), Duration.ofMillis(s.getLong("indexer.bulk.flush-interval-ms")),
            Duration.ofMillis(s.getLong("indexer.retry.initial-backoff-ms")),
            Duration.ofMillis(s.getLong("indexer.retry.max-backoff-ms")));
    }

    /** The documented defaults with the given group id (tests give each test its own group). */
    public static IndexerSettings defaults(String groupId) {
        return from(Settings.of(java.util.Map.of("indexer.group.id", groupId)));
    }

    public IndexerSettings withBulk(int actions, Duration interval) {
        return new IndexerSettings(groupId, actions, maxBytes, interval, initialBackoff, maxBackoff);
    }

    public IndexerSettings withBackoff(Duration initial, Duration max) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, initial, max);
    }
}
