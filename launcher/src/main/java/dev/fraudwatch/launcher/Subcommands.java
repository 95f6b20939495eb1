package dev.fraudwatch.launcher;

import dev.fraudwatch.cluster.ClusterCommand;
import dev.fraudwatch.cluster.JobCommand;
import dev.fraudwatch.detector.EvaluateCommand;
import dev.fraudwatch.indexer.kibana.KibanaCommand;
import dev.fraudwatch.simulator.SimulateCommand;
import picocli.CommandLine;

/** Commands that live in the component modules, registered under {@code fraudwatch}. */
final class Subcommands {
    private Subcommands() {
    }

    static void register(CommandLine cl) {
        cl.addSubcommand(new SimulateCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new KibanaCommand());
        cl.addSubcommand(new JobCommand());
        cl.addSubcommand(new ClusterCommand());
    }
}
