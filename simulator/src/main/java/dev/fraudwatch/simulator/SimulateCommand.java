package dev.fraudwatch.simulator;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fraudwatch simulate}: runs the transaction simulator alone against the configured Kafka (external or
 * an already running embedded one), creating the topics first. Ctrl-C stops it; it then flushes and prints the
 * summary. Exit code 1 when any record failed to deliver.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Send simulated bank transactions, with injected fraud scenarios, to Kafka.")
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--customers", paramLabel = "N", description = "Number of customers (simulator.customers, default 1000).")
    Integer customers;

    @Option(names = "--fraud-percent", paramLabel = "PCT",
        description = "Share of fraudulent transactions in percent (simulator.fraud-percent, default 5).")
    Double fraudPercent;

    @Option(names = "--rate", paramLabel = "TX_PER_S",
        description = "Transactions per second, 0 = as fast as possible (simulator.rate, default 10).")
    Double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N transactions, 0 = no limit (simulator.count).")
    Long count;

    @Option(names = "--duration", paramLabel = "DURATION",
        description = "Stop after this time: seconds or ISO-8601 such as PT5M (simulator.duration).")
    String duration;

    @Option(names = "--seed", paramLabel = "SEED",
        description = "Random seed: the same seed gives the same customers and transactions (simulator.seed; "
            + "default random, printed).")
    Long seed;

    @Option(names = "--start-time", paramLabel = "TIME",
        description = "Event time of the first transaction, e.g. '2025-03-01 12:00:00' (simulator.start-time).")
    String startTime;

    @Option(names = "--simulated-clock", arity = "0..1", paramLabel = "true|false",
        description = "Advance event time by 1/rate per transaction from the start time instead of following the "
            + "wall clock (simulator.simulated-clock).")
    Boolean simulatedClock;

    @Override
    public Integer call() {
        common.put("simulator.customers", customers)
            .put("simulator.fraud-percent", fraudPercent)
            .put("simulator.rate", rate)
            .put("simulator.count", count)
            .put("simulator.duration", duration)
            .put("simulator.seed", seed)
            .put("simulator.start-time", startTime)
            .put("simulator.simulated-clock", simulatedClock);
        Settings settings = common.settings();
        SimulatorConfig config = SimulatorConfig.fromSettings(settings);
        KafkaSettings kafka = KafkaSettings.from(settings, Optional.empty());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TopicAdmin.ensureTopics(kafka);
        out.println("Simulating into " + kafka.topics().transactions() + " on " + kafka.bootstrapServers() + ": "
            + config.describe());
        out.flush();
        Simulator simulator = new Simulator(config, kafka, line -> {
            err.println(line);
            err.flush();
        });
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            simulator.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fraudwatch-simulate-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        SendReport report;
        try {
            report = simulator.run();
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for us; nothing to remove.
        }
        out.println(report.summary());
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
