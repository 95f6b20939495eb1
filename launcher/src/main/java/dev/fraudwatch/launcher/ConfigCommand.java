package dev.fraudwatch.launcher;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.config.UnknownSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

/**
 * Prints every setting with its effective value (secrets masked), to check what {@code up} would use, then each
 * given key no component reads (a typo, most likely) as a comment line.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print the effective configuration (defaults, file, .env, environment and flags merged).")
final class ConfigCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Settings s = common.settings();
        var out = spec.commandLine().getOut();
        for (Map.Entry<String, String> e : s.effective().entrySet()) {
            out.println(e.getKey() + "=" + e.getValue());
        }
        // as comments, so the output stays a valid properties file
        for (UnknownSetting u : s.unknownKeys()) {
            out.println("# " + u.message());
        }
    }
}
