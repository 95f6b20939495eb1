package dev.fraudwatch.indexer;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.time.Duration;

/**
 * How the indexer batches, retries and creates its indices.
 *
 * @param groupId         consumer group prefix; each index definition uses {@code <groupId>-<index>}
 * @param maxActions      a bulk request is sent when it holds this many documents ...
 * @param maxBytes        ... or this many bytes of documents ...
 * @param flushInterval   ... or when its oldest document has waited this long
 * @param maxInFlight     bulk requests of one index sent concurrently (offsets still committed in order)
 * @param initialBackoff  first wait after Elasticsearch failed; doubles on each further failure ...
 * @param maxBackoff      ... up to this
 * @param indexShards     primary shards of an index the indexer creates (an existing index keeps its count)
 * @param refreshInterval {@code index.refresh_interval} of an index the indexer creates, e.g. {@code 1s} or
 *                        {@code 5s}; empty: Elasticsearch's default (1 s)
 */
public record IndexerSettings(String groupId, int maxActions, long maxBytes, Duration flushInterval, int maxInFlight,
                              Duration initialBackoff, Duration maxBackoff, int indexShards, String refreshInterval) {

    public static final String MAX_IN_FLIGHT = "indexer.bulk.max-in-flight";
    public static final String INDEX_SHARDS = "elasticsearch.index.shards";
    public static final String REFRESH_INTERVAL = "elasticsearch.index.refresh-interval";

    public IndexerSettings {
        atLeastOne("indexer.bulk.max-actions", maxActions);
        atLeastOne("indexer.bulk.max-bytes", maxBytes);
        atLeastOne(MAX_IN_FLIGHT, maxInFlight);
        atLeastOne(INDEX_SHARDS, indexShards);
        refreshInterval = refreshInterval == null ? "" : refreshInterval.strip();
    }

    private static void atLeastOne(String key, long value) {
        if (value < 1) {
            throw new ConfigException("Setting '" + key + "' must be at least 1, got " + value + ".");
        }
    }

    public static IndexerSettings from(Settings s) {
        return new IndexerSettings(s.get("indexer.group.id"), s.getInt("indexer.bulk.max-actions"),
            s.getLong("indexer.bulk.max-bytes"), Duration.ofMillis(s.getLong("indexer.bulk.flush-interval-ms")),
            s.getInt(MAX_IN_FLIGHT), Duration.ofMillis(s.getLong("indexer.retry.initial-backoff-ms")),
            Duration.ofMillis(s.getLong("indexer.retry.max-backoff-ms")), s.getInt(INDEX_SHARDS),
            s.find(REFRESH_INTERVAL).orElse(""));
    }

    /** The documented defaults with the given group id (tests give each test its own group). */
    public static IndexerSettings defaults(String groupId) {
        return from(Settings.of(java.util.Map.of("indexer.group.id", groupId)));
    }

    public IndexerSettings withBulk(int actions, Duration interval) {
        return new IndexerSettings(groupId, actions, maxBytes, interval, maxInFlight, initialBackoff, maxBackoff,
            indexShards, refreshInterval);
    }

    public IndexerSettings withMaxInFlight(int n) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, n, initialBackoff, maxBackoff,
            indexShards, refreshInterval);
    }

    public IndexerSettings withBackoff(Duration initial, Duration max) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, maxInFlight, initial, max,
            indexShards, refreshInterval);
    }

    public IndexerSettings withIndex(int shards, String refresh) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, maxInFlight, initialBackoff,
            maxBackoff, shards, refresh);
    }
}
