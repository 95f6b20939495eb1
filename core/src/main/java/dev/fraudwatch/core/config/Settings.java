package dev.fraudwatch.core.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * FraudWatch's layered configuration, read once at the edge and turned into typed records by each component.
 *
 * <p>A setting has a dotted key such as {@code kafka.bootstrap.servers}. Its value comes from the first of:
 * <ol>
 *   <li>a command-line flag ({@code --set key=value}, or a dedicated flag such as {@code --bootstrap-servers});</li>
 *   <li>the environment variable {@code FW_} + key in upper case with dots and dashes as underscores
 *       ({@code FW_KAFKA_BOOTSTRAP_SERVERS}), or a declared alias such as the original's {@code SMTP_SERVER};</li>
 *   <li>the same names in a {@code .env} file (for secrets; never committed);</li>
 *   <li>the configuration file, Java properties format ({@code fraudwatch.properties} by default);</li>
 *   <li>the documented defaults, {@code fraudwatch-defaults.properties} resources shipped in each module.</li>
 * </ol>
 */
public final class Settings {

    /** Classpath resource, one per module, holding that module's documented defaults. */
    public static final String DEFAULTS_RESOURCE = "fraudwatch-defaults.properties";

    /**
     * Environment names read for a setting besides {@code FW_<KEY>}: the original system's variables
     * (shared/CONTRACT.md) and their FraudWatch companions. Declared here, once, so that every look-up and
     * {@link #effective()} (what {@code fraudwatch config} prints) see a value given under such a name.
     */
    private static final Map<String, List<String>> DECLARED_ALIASES = Map.of(
        "smtp.server", List.of("SMTP_SERVER"),
        "smtp.port", List.of("SMTP_PORT"),
        "smtp.tls", List.of("SMTP_TLS"),
        "smtp.from", List.of("EMAIL_FROM"),
        "smtp.username", List.of("EMAIL_USERNAME"),
        "smtp.password", List.of("EMAIL_PASSWORD"),
        "smtp.to", List.of("EMAIL_TO"));

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> dotenv;
    private final Map<String, String> file;
    private final Map<String, String> defaults;
    /** Where {@link #dotenv} and {@link #file} were read from, for messages; null when not read. */
    private final Path dotenvPath;
    private final Path filePath;

    private Settings(Map<String, String> flags, Map<String, String> env, Map<String, String> dotenv, Path dotenvPath,
                     Map<String, String> file, Path filePath, Map<String, String> defaults) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.dotenv = Map.copyOf(dotenv);
        this.dotenvPath = dotenvPath;
        this.file = Map.copyOf(file);
        this.filePath = filePath;
        this.defaults = Map.copyOf(defaults);
    }

    /**
     * Loads every layer. {@code configFile} may be null or absent (then only defaults, environment and flags
     * apply) unless {@code configFileRequired}; {@code dotEnvFile} may be null or absent.
     */
    public static Settings load(Path configFile, boolean configFileRequired, Path dotEnvFile,
                                Map<String, String> flags, Map<String, String> environment) {
        Map<String, String> fileValues = Map.of();
        Path fileRead = null;
        if (configFile != null) {
            if (Files.isRegularFile(configFile)) {
                fileValues = readProperties(configFile);
                fileRead = configFile;
            } else if (configFileRequired) {
                throw new ConfigException("Configuration file " + configFile + " (setting --config) does not exist.");
            }
        }
        boolean dotenvRead = dotEnvFile != null && Files.isRegularFile(dotEnvFile);
        return new Settings(flags, environment, readDotEnv(dotEnvFile), dotenvRead ? dotEnvFile : null, fileValues,
            fileRead, loadDefaults());
    }

    /** Defaults only, plus the given values as if passed as flags; for tests and embedded use. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values, Map.of(), Map.of(), null, Map.of(), null, loadDefaults());
    }

    /** A copy with extra flag-level values, which win over everything else. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(flags);
        merged.putAll(overrides);
        return new Settings(merged, env, dotenv, dotenvPath, file, filePath, defaults);
    }

    public static String envName(String key) {
        return "FW_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The value of {@code key}, looked up in every layer; {@code envAliases} are extra variable names, besides the
     * declared ones.
     */
    public Optional<String> find(String key, String... envAliases) {
        envAliases = aliases(key, envAliases);
        String v = flags.get(key);
        if (v == null) {
            v = fromEnv(env, key, envAliases);
        }
        if (v == null) {
            v = fromEnv(dotenv, key, envAliases);
        }
        if (v == null) {
            v = file.get(key);
        }
        if (v == null) {
            v = defaults.get(key);
        }
        return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String... envAliases) {
        return find(key, envAliases).orElseThrow(() -> missing(key, aliases(key, envAliases)));
    }

    private static String[] aliases(String key, String... extra) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(List.of(extra));
        all.addAll(DECLARED_ALIASES.getOrDefault(key, List.of()));
        return all.toArray(String[]::new);
    }

    public String getOrDefault(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key, String... envAliases) {
        String v = get(key, envAliases);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting '" + key + "' must be a whole number, got '" + v + "'.");
        }
    }

    public long getLong(String key, String... envAliases) {
        String v = get(key, envAliases);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting '" + key + "' must be a whole number, got '" + v + "'.");
        }
    }

    public double getDouble(String key, String... envAliases) {
        String v = get(key, envAliases);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting '" + key + "' must be a number, got '" + v + "'.");
        }
    }

    public boolean getBoolean(String key, String... envAliases) {
        String v = get(key, envAliases).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException("Setting '" + key + "' must be true or false, got '" + v + "'.");
        };
    }

    /**
     * Every setting under {@code prefix} (e.g. {@code kafka.client.}) with the prefix removed; used to pass
     * client properties such as {@code security.protocol} or {@code sasl.jaas.config} straight through.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, String> layer : List.of(defaults, file)) {
            layer.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.put(k.substring(prefix.length()), v);
                }
            });
        }
        String envPrefix = envName(prefix);
        for (Map<String, String> layer : List.of(dotenv, env)) {
            layer.forEach((k, v) -> {
                if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
                    out.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
                }
            });
        }
        flags.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Every key known to any layer with its effective value; secrets are masked. */
    public Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        for (String k : allKeys()) {
            find(k).ifPresent(v -> out.put(k, isSecret(k) ? "********" : v));
        }
        return out;
    }

    /**
     * Keys given in a file, {@code .env}, {@code FW_*} environment variable or flag that no component reads (most
     * likely typos), each with where it came from and the nearest known key; see {@link KnownKeys}.
     */
    public List<UnknownSetting> unknownKeys() {
        return unknownKeys("--set");
    }

    /**
     * As {@link #unknownKeys()}, naming the flag layer's keys by {@code flagSource}: for an entry point whose
     * flag-level settings are not {@code --set} options, such as the cluster job's {@code key=value} program
     * arguments.
     */
    public List<UnknownSetting> unknownKeys(String flagSource) {
        java.util.Set<String> known = new java.util.HashSet<>(defaults.keySet());
        known.addAll(DECLARED_ALIASES.keySet());
        return UnknownSetting.find(new KnownKeys(known), flagSource, flags, env, String.valueOf(dotenvPath), dotenv,
            String.valueOf(filePath), file);
    }

    private java.util.Set<String> allKeys() {
        java.util.Set<String> keys = new java.util.TreeSet<>(defaults.keySet());
        keys.addAll(file.keySet());
        keys.addAll(flags.keySet());
        DECLARED_ALIASES.forEach((key, names) -> {
            if (names.stream().anyMatch(n -> env.containsKey(n) || dotenv.containsKey(n))) {
                keys.add(key);
            }
        });
        return keys;
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("api-key")
            || k.contains("jaas");
    }

    private static String fromEnv(Map<String, String> layer, String key, String... aliases) {
        String v = layer.get(envName(key));
        for (int i = 0; v == null && i < aliases.length; i++) {
            v = layer.get(aliases[i]);
        }
        return v;
    }

    private static ConfigException missing(String key, String... aliases) {
        StringBuilder how = new StringBuilder("environment variable ").append(envName(key));
        for (String a : aliases) {
            how.append(" or ").append(a);
        }
        return new ConfigException("Missing setting '" + key + "': set it in the configuration file, as "
            + how + ", or with --set " + key + "=<value>.");
    }

    private static Map<String, String> readProperties(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    private static Map<String, String> readDotEnv(Path dotEnvFile) {
        if (dotEnvFile == null || !Files.isRegularFile(dotEnvFile)) {
            return Map.of();
        }
        Dotenv d = Dotenv.configure()
            .directory(dotEnvFile.toAbsolutePath().getParent().toString())
            .filename(dotEnvFile.getFileName().toString())
            .load();
        Map<String, String> out = new HashMap<>();
        for (DotenvEntry e : d.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> loadDefaults() {
        Map<String, String> out = new HashMap<>();
        try {
            Enumeration<URL> urls = Settings.class.getClassLoader().getResources(DEFAULTS_RESOURCE);
            for (URL url : Collections.list(urls)) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                p.forEach((k, v) -> out.put(k.toString(), v.toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        return out;
    }
}
