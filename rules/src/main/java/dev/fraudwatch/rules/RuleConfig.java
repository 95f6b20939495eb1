package dev.fraudwatch.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one rule is configured: whether it runs, its weight in the risk score and its named numeric parameters.
 * Parameters are all numbers (amounts, counts, seconds, factors) so a rule change is plain JSON.
 */
@JsonPropertyOrder({"enabled", "weight", "params"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("weight") Double weight,
    @JsonProperty("params") Map<String, Double> params) implements Serializable {

    public RuleConfig {
        // Sorted copy: stable JSON, and a mutable-free, serialisable map whatever the caller passed.
        params = params == null ? null : new TreeMap<>(params);
    }

    public static RuleConfig of(boolean enabled, double weight, Map<String, Double> params) {
        return new RuleConfig(enabled, weight, params);
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    @JsonIgnore
    public double weightOr(double fallback) {
        return weight == null ? fallback : weight;
    }

    /** The value of a parameter; a resolved config (see {@link RuleSet#resolved()}) has all of them. */
    public double param(String name) {
        Double v = params == null ? null : params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("rule parameter '" + name + "' is not set");
        }
        return v;
    }

    /** This config with every field or parameter it leaves out taken from {@code fallback}. */
    public RuleConfig over(RuleConfig fallback) {
        Map<String, Double> merged = new LinkedHashMap<>();
        if (fallback.params != null) {
            merged.putAll(fallback.params);
        }
        if (params != null) {
            merged.putAll(params);
        }
        return new RuleConfig(enabled != null ? enabled : fallback.enabled,
            weight != null ? weight : fallback.weight, merged);
    }
}
