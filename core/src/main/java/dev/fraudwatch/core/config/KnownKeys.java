package dev.fraudwatch.core.config;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which setting keys FraudWatch reads: every key of the merged {@code fraudwatch-defaults.properties} (a key the code
 * reads is documented there, with an empty value when it has no default), the keys of the original's variable names,
 * and the open-ended pass-through prefixes. Used to warn about a key nothing reads (a typo), never to refuse it.
 */
public final class KnownKeys {

    /**
     * Prefixes whose keys are passed on unread, so any key under them is valid: Kafka client properties
     * ({@code KafkaSettings}), Flink options ({@code DetectorConfig.FLINK_OPTION_PREFIX}) and embedded Elasticsearch
     * node settings ({@code EmbeddedElasticsearch.SETTING_PREFIX}). Per-index keys such as
     * {@code elasticsearch.index.<index>.refresh-interval} are not open-ended: only the four contract indices are read,
     * and each is listed in the indexer's defaults, so a misspelt index name is reported.
     */
    public static final List<String> PASS_THROUGH_PREFIXES =
        List.of("kafka.client.", "flink.config.", "elasticsearch.embedded.setting.");

    /** {@code FW_*} environment variables that are not settings: read by the {@code ./fraudwatch} script. */
    public static final Set<String> SCRIPT_VARIABLES = Set.of("FW_JAVA_OPTS", "FW_REBUILD");

    /** A suggestion further away than this many edits is more likely a different word than a typo. */
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

    private final Set<String> keys;

    public KnownKeys(Set<String> keys) {
        this.keys = new TreeSet<>(keys);
    }

    /** True when FraudWatch reads {@code key}: a known key, or one under a pass-through prefix. */
    public boolean isKnown(String key) {
        return keys.contains(key) || PASS_THROUGH_PREFIXES.stream()
            .anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }

    /**
     * The key an {@code FW_*} environment variable sets, when it names a known key or one under a pass-through
     * prefix (the prefix's options then in their lower-case dotted form, as {@link Settings#withPrefix} reads them).
     */
    public Optional<String> keyOfEnvName(String name) {
        for (String k : keys) {
            if (Settings.envName(k).equals(name)) {
                return Optional.of(k);
            }
        }
        for (String p : PASS_THROUGH_PREFIXES) {
            String envPrefix = Settings.envName(p);
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                return Optional.of(p + name.substring(envPrefix.length()).toLowerCase(Locale.ROOT)
                    .replace('_', '.'));
            }
        }
        return Optional.empty();
    }

    /** The nearest known key to a misspelt one, if one is a few edits away. */
    public Optional<String> nearest(String key) {
        return nearest(key, keys, k -> k);
    }

    /** The known key whose {@code FW_*} name is nearest to a misspelt variable name, if one is a few edits away. */
    public Optional<String> nearestByEnvName(String name) {
        return nearest(name, keys, Settings::envName);
    }

    private static Optional<String> nearest(String wrong, Set<String> candidates,
                                            Function<String, String> spelling) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = LEVENSHTEIN.apply(wrong, spelling.apply(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (bestDistance <= Math.max(1, Math.min(MAX_SUGGESTION_DISTANCE, wrong.length() / 4))) {
            return Optional.ofNullable(best);
        }
        // a known key with something appended, e.g. alerts.group-window-seconds: suggest the longest such key
        String longest = null;
        for (String c : candidates) {
            String s = spelling.apply(c);
            if (wrong.length() > s.length() && wrong.startsWith(s) && !Character.isLetterOrDigit(wrong.charAt(s.length()))
                && (longest == null || s.length() > spelling.apply(longest).length())) {
                longest = c;
            }
        }
        return Optional.ofNullable(longest);
    }
}
