package dev.fraudwatch.launcher;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.ConfigException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code fraudwatch} command's log file goes: {@code <data.dir>/logs/fraudwatch.log}, beside the data of
 * the run it describes. Logging starts before the command line is parsed, so once it is, the command's data
 * directory is resolved like every setting and logging is pointed there; until then nothing is written
 * ({@code log4j2.xml} creates the file on demand).
 */
final class LogDirectory {

    /** System property {@code log4j2.xml} reads; given on the JVM's command line, it wins over the data directory. */
    static final String PROPERTY = "fraudwatch.log.dir";
    private static final String DEFAULT = "data/logs";

    private LogDirectory() {
    }

    /** Points the log file at the data directory of the command {@code parsed} will run. */
    static void follow(ParseResult parsed) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        commonOptions(parsed).ifPresent(common -> {
            String dataDir;
            try {
                dataDir = common.settings().get("data.dir");
            } catch (ConfigException e) {
                return; // the command itself reports it
            }
            System.setProperty(PROPERTY, Path.of(dataDir, "logs").toString());
            if (LogManager.getContext(false) instanceof LoggerContext context) {
                context.reconfigure();
            }
        });
    }

    /** The shared options of the command {@code parsed} will run, when it reads settings. */
    static Optional<CommonOptions> commonOptions(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        for (CommandSpec mixin : leaf.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof CommonOptions common) {
                return Optional.of(common);
            }
        }
        return Optional.empty();
    }

    /** The log file in use. */
    static Path file() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT), "fraudwatch.log");
    }
}
