package dev.fraudwatch.indexer;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.indexer.es.IndexNames;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the indexer batches, retries and creates its indices.
 *
 * @param groupId           consumer group prefix; each index definition uses {@code <groupId>-<index>}
 * @param maxActions        a bulk request is sent when it holds this many documents ...
 * @param maxBytes          ... or this many bytes of documents ...
 * @param flushInterval     ... or when its oldest document has waited this long
 * @param maxInFlight       bulk requests of one index sent concurrently (offsets still committed in order)
 * @param initialBackoff    first wait after Elasticsearch failed; doubles on each further failure ...
 * @param maxBackoff        ... up to this
 * @param indexShards       primary shards of an index the indexer creates (an existing index keeps its count)
 * @param refreshInterval   {@code index.refresh_interval} of an index the indexer creates, e.g. {@code 1s} or
 *                          {@code 5s}; empty: Elasticsearch's default (1 s)
 * @param maxActionsByIndex per index, by its contract name ({@code blocked_customers}, ...): a bulk size replacing
 *                          {@code maxActions} for that index
 * @param flushIntervals    per index, by its contract name: a flush interval replacing {@code flushInterval}
 * @param refreshIntervals  per index, by its contract name: a refresh interval replacing {@code refreshInterval}
 */
public record IndexerSettings(String groupId, int maxActions, long maxBytes, Duration flushInterval, int maxInFlight,
                              Duration initialBackoff, Duration maxBackoff, int indexShards, String refreshInterval,
                              Map<String, Integer> maxActionsByIndex, Map<String, Duration> flushIntervals,
                              Map<String, String> refreshIntervals) {

    public static final String MAX_ACTIONS = "indexer.bulk.max-actions";
    public static final String MAX_IN_FLIGHT = "indexer.bulk.max-in-flight";
    public static final String FLUSH_INTERVAL_MS = "indexer.bulk.flush-interval-ms";
    public static final String INDEX_SHARDS = "elasticsearch.index.shards";
    public static final String REFRESH_INTERVAL = "elasticsearch.index.refresh-interval";
    /** What Elasticsearch takes as a time value: a whole number with a unit, or {@code -1} (never) / {@code 0}. */
    private static final Pattern TIME_VALUE = Pattern.compile("-1|0|\\d+(nanos|micros|ms|s|m|h|d)");

    public IndexerSettings {
        atLeastOne(MAX_ACTIONS, maxActions);
        atLeastOne("indexer.bulk.max-bytes", maxBytes);
        atLeastOne(MAX_IN_FLIGHT, maxInFlight);
        atLeastOne(INDEX_SHARDS, indexShards);
        notNegative(FLUSH_INTERVAL_MS, flushInterval);
        refreshInterval = timeValue(REFRESH_INTERVAL, refreshInterval);
        maxActionsByIndex = Map.copyOf(maxActionsByIndex);
        maxActionsByIndex.forEach((index, n) -> atLeastOne(maxActionsKey(index), n));
        flushIntervals = Map.copyOf(flushIntervals);
        flushIntervals.forEach((index, interval) -> notNegative(flushIntervalKey(index), interval));
        Map<String, String> refresh = new HashMap<>();
        refreshIntervals.forEach((index, interval) -> {
            String v = timeValue(refreshIntervalKey(index), interval);
            if (!v.isEmpty()) {
                refresh.put(index, v);
            }
        });
        refreshIntervals = Map.copyOf(refresh);
    }

    /** The setting holding the bulk size of one index, e.g. {@code indexer.bulk.customer_risk.max-actions}. */
    public static String maxActionsKey(String contractName) {
        return "indexer.bulk." + contractName + ".max-actions";
    }

    /** The setting holding the flush interval of one index, e.g. {@code indexer.bulk.fraud_alerts.flush-interval-ms}.
     */
    public static String flushIntervalKey(String contractName) {
        return "indexer.bulk." + contractName + ".flush-interval-ms";
    }

    /**
     * The setting holding the refresh interval of one index, e.g.
     * {@code elasticsearch.index.fraud_alerts.refresh-interval}.
     */
    public static String refreshIntervalKey(String contractName) {
        return "elasticsearch.index." + contractName + ".refresh-interval";
    }

    private static void atLeastOne(String key, long value) {
        if (value < 1) {
            throw new ConfigException("Setting '" + key + "' must be at least 1, got " + value + ".");
        }
    }

    private static void notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new ConfigException("Setting '" + key + "' must be 0 or more milliseconds, got " + value.toMillis()
                + ".");
        }
    }

    /** Checked here, so a typo fails start-up naming the setting rather than as Elasticsearch's 400 on an index. */
    private static String timeValue(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty() && !TIME_VALUE.matcher(v).matches()) {
            throw new ConfigException("Setting '" + key + "' must be an Elasticsearch time value such as 250ms, 1s "
                + "or 30s (-1: no periodic refresh), got '" + v + "'.");
        }
        return v;
    }

    public static IndexerSettings from(Settings s) {
        Map<String, Integer> actions = new HashMap<>();
        Map<String, Duration> flush = new HashMap<>();
        Map<String, String> refresh = new HashMap<>();
        for (String index : IndexNames.defaults().all()) {
            s.find(maxActionsKey(index)).ifPresent(v -> actions.put(index, s.getInt(maxActionsKey(index))));
            s.find(flushIntervalKey(index)).ifPresent(v -> flush.put(index, Duration.ofMillis(
                s.getLong(flushIntervalKey(index)))));
            s.find(refreshIntervalKey(index)).ifPresent(v -> refresh.put(index, v));
        }
        return new IndexerSettings(s.get("indexer.group.id"), s.getInt(MAX_ACTIONS),
            s.getLong("indexer.bulk.max-bytes"), Duration.ofMillis(s.getLong(FLUSH_INTERVAL_MS)),
            s.getInt(MAX_IN_FLIGHT), Duration.ofMillis(s.getLong("indexer.retry.initial-backoff-ms")),
            Duration.ofMillis(s.getLong("indexer.retry.max-backoff-ms")), s.getInt(INDEX_SHARDS),
            s.find(REFRESH_INTERVAL).orElse(""), actions, flush, refresh);
    }

    /** The documented defaults with the given group id (tests give each test its own group). */
    public static IndexerSettings defaults(String groupId) {
        return from(Settings.of(Map.of("indexer.group.id", groupId)));
    }

    /**
     * The settings one index is written with: its own bulk size, flush and refresh interval where one is set, else
     * the general ones.
     */
    public IndexerSettings forIndex(String contractName) {
        return new IndexerSettings(groupId, maxActionsByIndex.getOrDefault(contractName, maxActions), maxBytes,
            flushIntervals.getOrDefault(contractName, flushInterval), maxInFlight, initialBackoff, maxBackoff,
            indexShards, refreshIntervals.getOrDefault(contractName, refreshInterval), maxActionsByIndex,
            flushIntervals, refreshIntervals);
    }

    /** These settings with the given bulk size and flush interval for every index (no per-index values of them). */
    public IndexerSettings withBulk(int actions, Duration interval) {
        return new IndexerSettings(groupId, actions, maxBytes, interval, maxInFlight, initialBackoff, maxBackoff,
            indexShards, refreshInterval, Map.of(), Map.of(), refreshIntervals);
    }

    public IndexerSettings withMaxInFlight(int n) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, n, initialBackoff, maxBackoff,
            indexShards, refreshInterval, maxActionsByIndex, flushIntervals, refreshIntervals);
    }

    public IndexerSettings withBackoff(Duration initial, Duration max) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, maxInFlight, initial, max,
            indexShards, refreshInterval, maxActionsByIndex, flushIntervals, refreshIntervals);
    }

    /** These settings with the given shard count and refresh interval for every index (no per-index intervals). */
    public IndexerSettings withIndex(int shards, String refresh) {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, maxInFlight, initialBackoff,
            maxBackoff, shards, refresh, maxActionsByIndex, flushIntervals, Map.of());
    }

    /** These settings without per-index values: every index gets the general bulk size, flush and refresh interval. */
    public IndexerSettings withoutIndexOverrides() {
        return new IndexerSettings(groupId, maxActions, maxBytes, flushInterval, maxInFlight, initialBackoff,
            maxBackoff, indexShards, refreshInterval, Map.of(), Map.of(), Map.of());
    }

    /** These settings under another consumer group prefix. */
    public IndexerSettings withGroupId(String group) {
        return new IndexerSettings(group, maxActions, maxBytes, flushInterval, maxInFlight, initialBackoff,
            maxBackoff, indexShards, refreshInterval, maxActionsByIndex, flushIntervals, refreshIntervals);
    }
}
