package dev.fraudwatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.core.model.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code fraudwatch cluster}: the local multi-process Flink + Kafka cluster, for trying cluster mode. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start, stop or inspect a local multi-process cluster: a Flink session cluster (1 JobManager, "
        + "2 TaskManagers) and a 3-broker KRaft Kafka, each process its own JVM.",
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the cluster and create FraudWatch's topics on it; prints the Flink REST URL and the "
            + "Kafka bootstrap servers. The processes keep running after this command returns.")
    static final class Start implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--foreground", description = "Stay in the foreground; Ctrl-C stops the cluster.")
        boolean foreground;

        @Override
        public Integer call() throws InterruptedException {
            Settings s = common.settings();
            ClusterConfig config = ClusterConfig.from(s);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Starting the local cluster in " + config.dir() + " (takes 20 s to a few minutes) ...");
            out.flush();
            LocalCluster cluster = LocalCluster.start(config);
            String suffix = s.find("kafka.topic.suffix").orElse(null);
            Topics topics = suffix == null ? Topics.defaults() : Topics.defaults().withSuffix(suffix);
            try {
                cluster.createTopics(topics);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            out.println("Local cluster running. Logs: " + config.dir().resolve("logs"));
            out.println("  Flink REST / web UI:      " + cluster.flinkRestUrl());
            out.println("  Kafka bootstrap servers:  " + cluster.bootstrapServers());
            out.println("  Topics: " + topics.all().size() + " with " + config.partitions() + " partitions, "
                + "replication factor " + config.replicationFactor() + ", min.insync.replicas "
                + config.minInsyncReplicas());
            out.println("Submit the detection job: fraudwatch job submit --flink-rest " + cluster.flinkRestUrl());
            if (foreground) {
                out.println("Press Ctrl-C to stop the cluster.");
                out.flush();
                // The shutdown hook registered by LocalCluster stops every process on Ctrl-C.
                new CountDownLatch(1).await();
            }
            out.println("Stop it with: fraudwatch cluster stop");
            cluster.detach();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the local cluster recorded under <data.dir>/cluster, from any shell.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = ClusterConfig.from(common.settings()).dir();
            PrintWriter out = spec.commandLine().getOut();
            if (LocalCluster.recorded(dir).isEmpty()) {
                out.println("No local cluster is recorded in " + dir + ".");
                return 0;
            }
            List<String> stopped = LocalCluster.stopRecorded(dir);
            out.println(stopped.isEmpty() ? "The local cluster recorded in " + dir + " was not running any more."
                : "Stopped " + String.join(", ", stopped) + ".");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local cluster's processes and Flink's TaskManagers and jobs.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = ClusterConfig.from(common.settings()).dir();
            PrintWriter out = spec.commandLine().getOut();
            Optional<ClusterState> state = LocalCluster.recorded(dir);
            if (state.isEmpty()) {
                out.println("No local cluster is recorded in " + dir + ".");
                return 3;
            }
            ClusterState st = state.get();
            long alive = 0;
            for (ClusterState.Member m : st.processes()) {
                boolean up = m.handle().isPresent();
                alive += up ? 1 : 0;
                out.printf("  %-14s pid %-8d %s%n", m.role(), m.pid(), up ? "running" : "NOT RUNNING");
            }
            out.println("Kafka bootstrap servers: " + st.bootstrapServers());
            try {
                JsonNode o = new FlinkRestClient(st.flinkRestUrl(), Duration.ofSeconds(5)).overview();
                out.println("Flink " + st.flinkRestUrl() + ": " + o.path("taskmanagers").asInt() + " TaskManagers, "
                    + o.path("slots-available").asInt() + "/" + o.path("slots-total").asInt() + " slots free, "
                    + o.path("jobs-running").asInt() + " job(s) running");
            } catch (RuntimeException e) {
                out.println("Flink " + st.flinkRestUrl() + ": not answering (" + e.getMessage() + ")");
            }
            return alive == st.processes().size() ? 0 : 1;
        }
    }
}
