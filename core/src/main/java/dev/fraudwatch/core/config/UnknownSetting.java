package dev.fraudwatch.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A key the user gave that no component reads (most likely a typo), with where it came from and the nearest known
 * key. FraudWatch warns about it and goes on: refusing could break a deployment over a key a component reads that
 * {@link KnownKeys} misses.
 *
 * @param key        the key as given: a dotted setting, or for the environment and {@code .env} the variable name
 * @param source     where it was given: {@code --set}, {@code environment variable}, or a file path
 * @param suggestion the nearest known key (for a variable name, its {@code FW_*} name and the key)
 */
public record UnknownSetting(String key, String source, Optional<String> suggestion) {

    /** One line for a log or the console. */
    public String message() {
        return "Unknown setting '" + key + "' (" + source + ") is ignored: no FraudWatch component reads it"
            + suggestion.map(s -> "; did you mean " + s + "?").orElse(".");
    }

    /**
     * The user-supplied keys no component reads, in order: flags, environment, {@code .env}, configuration file.
     * Only {@code FW_*} variables are ours; others in the environment or {@code .env} (the original's SMTP_SERVER
     * and EMAIL_* among them, which {@link Settings} maps itself) are not considered.
     *
     * @param flagSource what the flag layer is called in the message: {@code --set}, or {@code program argument}
     */
    static List<UnknownSetting> find(KnownKeys known, String flagSource, Map<String, String> flags,
                                     Map<String, String> env, String dotenvFile, Map<String, String> dotenv,
                                     String configFile, Map<String, String> file) {
        List<UnknownSetting> out = new ArrayList<>();
        dotted(known, flags, flagSource, out);
        variables(known, env, "environment variable", out);
        variables(known, dotenv, dotenvFile, out);
        dotted(known, file, configFile, out);
        return out;
    }

    private static void dotted(KnownKeys known, Map<String, String> layer, String source, List<UnknownSetting> out) {
        for (String key : new TreeMap<>(layer).keySet()) {
            if (!known.isKnown(key)) {
                out.add(new UnknownSetting(key, source, known.nearest(key)));
            }
        }
    }

    private static void variables(KnownKeys known, Map<String, String> layer, String source,
                                  List<UnknownSetting> out) {
        for (String name : new TreeMap<>(layer).keySet()) {
            if (name.startsWith("FW_") && !KnownKeys.SCRIPT_VARIABLES.contains(name)
                && known.keyOfEnvName(name).isEmpty()) {
                out.add(new UnknownSetting(name, source, known.nearestByEnvName(name)
                    .map(k -> Settings.envName(k) + " (" + k + ")")));
            }
        }
    }
}
