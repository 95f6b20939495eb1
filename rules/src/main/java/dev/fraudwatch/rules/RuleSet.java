package dev.fraudwatch.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.rules.rule.Rule;
import dev.fraudwatch.rules.rule.Rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules in force: per rule enabled/weight/parameters, the score thresholds and a version. Travels as JSON
 * ({@link Json#MAPPER}) on the {@code fraud_rules} topic, e.g.
 * <pre>{"version":2,"review_threshold":50,"block_threshold":100,
 *  "rules":{"velocity":{"params":{"max_count":5}},"new_ip":{"enabled":false}}}</pre>
 * A published rule set may be partial: every rule, field or parameter it leaves out keeps its default
 * ({@link #resolved()}). The decision operator ignores a rule set whose version is lower than the one in force,
 * so replaying the topic from the start ends on the latest.
 */
@JsonPropertyOrder({"version", "review_threshold", "block_threshold", "block_account", "rules"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSet(
    @JsonProperty("version") long version,
    @JsonProperty("review_threshold") Double reviewThreshold,
    @JsonProperty("block_threshold") Double blockThreshold,
    /* Whether a BLOCK decision also blocks the account until an UNBLOCK command (default true). */
    @JsonProperty("block_account") Boolean blockAccount,
    @JsonProperty("rules") Map<String, RuleConfig> rules) implements Serializable {

    public static final double DEFAULT_REVIEW_THRESHOLD = 50;
    public static final double DEFAULT_BLOCK_THRESHOLD = 150;

    public RuleSet {
        rules = rules == null ? new TreeMap<>() : new TreeMap<>(rules);
    }

    /** Version 1: every rule with its default parameters and weight; tuned on the simulator's scenarios. */
    public static RuleSet defaults() {
        Map<String, RuleConfig> configs = new LinkedHashMap<>();
        for (Rule r : Rules.ALL) {
            configs.put(r.id(), r.defaults());
        }
        return new RuleSet(1, DEFAULT_REVIEW_THRESHOLD, DEFAULT_BLOCK_THRESHOLD, true, configs);
    }

    /** Every threshold, rule and parameter present: what was given, defaults for the rest. */
    public RuleSet resolved() {
        Map<String, RuleConfig> all = new LinkedHashMap<>();
        for (Rule r : Rules.ALL) {
            RuleConfig given = rules.get(r.id());
            all.put(r.id(), given == null ? r.defaults() : given.over(r.defaults()));
        }
        return new RuleSet(version, review(), block(), blocksAccount(), all);
    }

    @JsonIgnore
    public double review() {
        return reviewThreshold == null ? DEFAULT_REVIEW_THRESHOLD : reviewThreshold;
    }

    @JsonIgnore
    public double block() {
        return blockThreshold == null ? DEFAULT_BLOCK_THRESHOLD : blockThreshold;
    }

    @JsonIgnore
    public boolean blocksAccount() {
        return blockAccount == null || blockAccount;
    }

    /** The config of one rule; on a {@link #resolved()} set never null for a known rule. */
    public RuleConfig rule(String id) {
        return rules.get(id);
    }

    /** This set with one rule's config replaced and the version raised by one; handy for tests and tools. */
    public RuleSet with(String id, RuleConfig config) {
        Map<String, RuleConfig> copy = new LinkedHashMap<>(rules);
        copy.put(id, config);
        return new RuleSet(version + 1, reviewThreshold, blockThreshold, blockAccount, copy);
    }

    /** Problems that make this set unusable (empty when valid): unknown rules, negative weights, bad thresholds. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (review() <= 0 || block() <= 0 || review() > block()) {
            out.add("thresholds must satisfy 0 < review_threshold <= block_threshold, got " + review() + " / "
                + block());
        }
        rules.forEach((id, c) -> {
            if (!Rules.known(id)) {
                out.add("unknown rule '" + id + "'");
            } else if (c != null && c.weight() != null && (c.weight() < 0 || c.weight().isNaN())) {
                out.add("rule '" + id + "' has a negative weight");
            } else if (c != null && c.params() != null) {
                c.params().forEach((k, v) -> {
                    if (v == null || v.isNaN() || v < 0) {
                        out.add("rule '" + id + "' parameter '" + k + "' must be a number >= 0");
                    } else if (!Rules.byId(id).defaults().params().containsKey(k)) {
                        out.add("rule '" + id + "' has no parameter '" + k + "'");
                    }
                });
            }
        });
        return out;
    }

    public static RuleSet fromJson(byte[] json) {
        return Json.fromBytes(json, RuleSet.class);
    }

    public byte[] toJson() {
        return Json.toBytes(this);
    }
}
