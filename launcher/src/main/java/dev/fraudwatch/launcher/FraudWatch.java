package dev.fraudwatch.launcher;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.launcher.bench.BenchCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fraudwatch} command: every subcommand has {@code --help}. */
@Command(name = "fraudwatch", mixinStandardHelpOptions = true, version = "FraudWatch 0.1.0",
    description = "Real-time fraud detection and monitoring for bank transactions.",
    subcommands = {UpCommand.class, BenchCommand.class, TopicsCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class FraudWatch implements Runnable {

    /** Exit code for a configuration problem (missing setting, busy port, locked data directory). */
    public static final int CONFIG_ERROR = 2;
    /** Exit code for any other failure. */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command tree, with errors a user can act on printed as one line instead of a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FraudWatch());
        Subcommands.register(cl);
        cl.setExecutionStrategy(parsed -> {
            LogDirectory.follow(parsed);
            // after follow, so the warnings also reach the run's log file; --help and --version read no settings
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()
                && !leaf(parsed).isUsageHelpRequested()) {
                LogDirectory.commonOptions(parsed).ifPresent(CommonOptions::warnUnknownKeys);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable root = ex;
            while (!(root instanceof ConfigException) && root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof ConfigException) {
                commandLine.getErr().println("fraudwatch: " + root.getMessage());
                return CONFIG_ERROR;
            }
            // Anything else: one readable line on the console, the stack trace in the log file.
            LoggerFactory.getLogger(FraudWatch.class).error("fraudwatch {} failed", commandLine.getCommandName(), ex);
            commandLine.getErr().println("fraudwatch: " + commandLine.getCommandName() + " failed: " + ex
                + System.lineSeparator() + "(details in " + LogDirectory.file() + ")");
            return FAILURE;
        });
        return cl;
    }

    private static CommandLine.ParseResult leaf(CommandLine.ParseResult parsed) {
        return parsed.hasSubcommand() ? leaf(parsed.subcommand()) : parsed;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
