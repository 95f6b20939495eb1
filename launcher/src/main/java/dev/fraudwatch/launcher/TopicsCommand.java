package dev.fraudwatch.launcher;

import dev.fraudwatch.core.cli.CommonOptions;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** Creates FraudWatch's topics on a running Kafka; safe to run again. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create FraudWatch's topics (idempotent) on the Kafka given by --bootstrap-servers or "
        + "kafka.bootstrap.servers.")
final class TopicsCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @Option(names = "--partitions", description = "Partitions per topic (setting kafka.partitions, default 3).")
    Integer partitions;

    @Option(names = "--replication-factor", description = "Replication factor (setting kafka.replication.factor).")
    Integer replicationFactor;

    @Override
    public void run() {
        common.put("kafka.partitions", partitions).put("kafka.replication.factor", replicationFactor);
        KafkaSettings kafka = KafkaSettings.from(common.settings(), Optional.empty());
        TopicAdmin.Result r = TopicAdmin.ensureTopics(kafka);
        r.created().forEach(t -> System.out.println("created  " + t));
        r.existing().forEach(t -> System.out.println("exists   " + t));
    }
}
