package dev.fraudwatch.launcher;

import dev.fraudwatch.simulator.SimulateCommand;
import picocli.CommandLine;

/** Commands that live in the component modules, registered under {@code fraudwatch}. */
final class Subcommands {
    private Subcommands() {
    }

    static void register(CommandLine cl) {
        cl.addSubcommand(new SimulateCommand());
    }
}
