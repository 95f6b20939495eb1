package dev.fraudwatch.rules;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The rules module's settings, parsed once at the edge ({@code rules.*} keys, documented in this module's
 * {@code fraudwatch-defaults.properties}).
 *
 * @param historyTtl   lifetime of an idle account's history in keyed state
 * @param initialRules the rule set in force until one arrives on {@code fraud_rules}
 */
public record RulesSettings(Duration historyTtl, RuleSet initialRules) implements Serializable {

    public static final String HISTORY_TTL = "rules.history-ttl";
    public static final String FILE = "rules.file";

    public RulesSettings {
        if (historyTtl == null || historyTtl.isNegative() || historyTtl.isZero()) {
            throw new ConfigException("Setting '" + HISTORY_TTL + "' must be a positive duration, got " + historyTtl
                + ".");
        }
    }

    public static RulesSettings defaults() {
        return new RulesSettings(DecisionStream.DEFAULT_HISTORY_TTL, RuleSet.defaults());
    }

    public static RulesSettings from(Settings s) {
        Duration ttl = s.find(HISTORY_TTL).map(RulesSettings::parseTtl).orElse(DecisionStream.DEFAULT_HISTORY_TTL);
        RuleSet rules = s.find(FILE).map(Path::of).map(RulesSettings::readRules).orElseGet(RuleSet::defaults);
        return new RulesSettings(ttl, rules);
    }

    private static Duration parseTtl(String v) {
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException("Setting '" + HISTORY_TTL + "' must be an ISO-8601 duration such as P30D or "
                + "PT12H, got '" + v + "'.");
        }
    }

    private static RuleSet readRules(Path file) {
        RuleSet rules;
        try {
            rules = RuleSet.fromJson(Files.readAllBytes(file));
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("Setting '" + FILE + "' names " + file + ", which cannot be read as a rule set: "
                + e.getMessage());
        }
        if (!rules.problems().isEmpty()) {
            throw new ConfigException("Setting '" + FILE + "' names " + file + ", whose rule set is invalid: "
                + String.join("; ", rules.problems()) + ".");
        }
        return rules.resolved();
    }
}
