package dev.fraudwatch.core.cli;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.config.UnknownSetting;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options every {@code fraudwatch} command shares; mix into a picocli command with
 * {@code @Mixin CommonOptions common;} and call {@link #settings()} once to get the layered configuration.
 */
public class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
        description = "Configuration file (Java properties). Default: fraudwatch.properties in the current "
            + "directory, if present.")
    Path config;

    @Option(names = "--env-file", paramLabel = "FILE",
        description = "File of KEY=VALUE secrets (SMTP_*, FW_*). Default: .env in the current directory, if present.")
    Path envFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Override any setting, e.g. --set kafka.partitions=6. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
        description = "Use this external Kafka instead of the embedded broker (setting kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Where embedded services keep their data (setting data.dir, default: data).")
    Path dataDir;

    /** Extra flag-level values a command adds from its own options (e.g. {@code --rate} -> simulator.rate). */
    private final Map<String, String> commandFlags = new HashMap<>();

    public CommonOptions put(String key, Object value) {
        if (value != null) {
            commandFlags.put(key, value.toString());
        }
        return this;
    }

    /**
     * Logs one warning per key the user gave (file, .env, FW_* variable, --set) that no component reads, and returns
     * them; nothing when the settings cannot be loaded (the command itself then reports why). The launcher calls it
     * once per command, before the command runs.
     */
    public List<UnknownSetting> warnUnknownKeys() {
        List<UnknownSetting> unknown;
        try {
            unknown = settings().unknownKeys();
        } catch (ConfigException e) {
            return List.of();
        }
        var log = LoggerFactory.getLogger(Settings.class);
        unknown.forEach(u -> log.warn(u.message()));
        return unknown;
    }

    public Settings settings() {
        Map<String, String> flags = new HashMap<>(commandFlags);
        flags.putAll(overrides);
        if (bootstrapServers != null) {
            flags.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (dataDir != null) {
            flags.put("data.dir", dataDir.toString());
        }
        Path file = config != null ? config : Path.of("fraudwatch.properties");
        // .env is optional; a file named with --env-file is not: its secrets would otherwise be silently missing
        if (envFile != null && !Files.isRegularFile(envFile)) {
            throw new ConfigException("Secrets file " + envFile + " (option --env-file) does not exist.");
        }
        return Settings.load(file, config != null, envFile != null ? envFile : Path.of(".env"), flags,
            System.getenv());
    }
}
