package dev.fraudwatch.launcher;

import dev.fraudwatch.cluster.ExternalServices;
import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts FraudWatch: the embedded engines that are not configured as external (in parallel), the topics, then the
 * components in data-flow order. Runs until Ctrl-C, then stops everything in reverse order.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start FraudWatch on embedded defaults (or against the external services you configure) and "
        + "run until Ctrl-C.")
final class UpCommand implements java.util.concurrent.Callable<Integer> {

    /** Exit code after Ctrl-C during start-up (128 + SIGINT, as a shell reports it). */
    static final int INTERRUPTED = 130;

    @Mixin
    CommonOptions common;

    @Option(names = "--no-simulator", description = "Do not start the transaction simulator.")
    boolean noSimulator;

    @Option(names = "--rate", description = "Simulator transactions per second (setting simulator.rate).")
    Double rate;

    @Option(names = "--seed", description = "Simulator random seed (setting simulator.seed).")
    Long seed;

    @Option(names = "--elasticsearch", paramLabel = "URL",
        description = "Use this external Elasticsearch instead of the embedded node (setting elasticsearch.url).")
    String elasticsearch;

    @Option(names = "--flink-rest", paramLabel = "URL",
        description = "Submit the detection job to this Flink session cluster instead of running it embedded "
            + "(setting flink.rest.url).")
    String flinkRest;

    @Option(names = "--external",
        description = "Start no embedded service: Kafka, Elasticsearch and SMTP must be configured, and each one "
            + "given is checked first; an unreachable one stops start-up with its name and setting.")
    boolean external;

    @Option(names = "--exit-after-start", hidden = true,
        description = "Stop again as soon as everything is ready (for tests and start-up timing).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        common.put("simulator.rate", rate).put("simulator.seed", seed).put("elasticsearch.url", elasticsearch)
            .put("flink.rest.url", flinkRest);
        if (noSimulator) {
            common.put("simulator.enabled", "false");
        }
        Settings settings = common.settings();
        Path dataDir = Path.of(settings.get("data.dir"));
        if (external) {
            requireExternal(settings);
        }
        long t0 = System.nanoTime();
        DataDirLock lock = DataDirLock.acquire(dataDir);
        // Stopped by the hook below, in reverse start order: the engines' own hooks must not stop them first.
        FraudWatchSystem system = new FraudWatchSystem(settings, System.out).stoppedByShutdownHook();
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Registered before anything starts, so Ctrl-C during start-up also stops what already runs.
        Thread hook = new Thread(() -> {
            stopping.set(true);
            System.out.println(System.lineSeparator() + "FraudWatch stopping...");
            system.close();
            lock.close();
            System.out.println("FraudWatch stopped.");
            System.out.flush();
            done.countDown();
        }, "fraudwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("FraudWatch starting (data in " + dataDir.toAbsolutePath() + ")");

        try {
            system.start();
        } catch (Exception | Error e) {
            if (stopping.get()) {
                // Ctrl-C during start-up: the start fails because the hook is stopping what it started (and no
                // hook can be removed any more); the user asked for that, so it is no failure to report.
                done.await();
                return INTERRUPTED;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            lock.close();
            throw e;
        }
        System.out.printf("FraudWatch is up in %.1f s. Press Ctrl-C to stop.%n", (System.nanoTime() - t0) / 1e9);
        if (exitAfterStart) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        } else {
            done.await(); // until Ctrl-C / SIGTERM; the hook stops everything in reverse order
        }
        return 0;
    }

    /** {@code --external}: every engine must be configured, and every configured one must answer. */
    private static void requireExternal(Settings settings) {
        for (String[] required : new String[][]{{"kafka.bootstrap.servers", "--bootstrap-servers"},
            {"elasticsearch.url", "--elasticsearch"}, {"smtp.server", "SMTP_SERVER"}}) {
            String alias = required[1].startsWith("--") ? required[0] : required[1];
            if (settings.find(required[0], alias).isEmpty()) {
                throw new ConfigException("--external starts no embedded service, but setting '" + required[0]
                    + "' is empty; give it (" + required[1] + ") or leave out --external.");
            }
        }
        for (ExternalServices.Check c : ExternalServices.check(settings)) {
            System.out.println("  " + c.line());
        }
    }
}
