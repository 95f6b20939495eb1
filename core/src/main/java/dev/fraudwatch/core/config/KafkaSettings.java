package dev.fraudwatch.core.config;

import dev.fraudwatch.core.model.Topics;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How every FraudWatch component reaches Kafka: bootstrap servers, extra client properties (SASL/SSL pass
 * through from {@code kafka.client.*}), the topic names and how topics are created.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, Topics topics,
                            int partitions, short replicationFactor) {

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * Reads {@code kafka.*} settings. {@code bootstrapOverride} is the address of an embedded broker the launcher
     * started, used only when no external bootstrap servers are configured.
     */
    public static KafkaSettings from(Settings s, Optional<String> bootstrapOverride) {
        String servers = s.find("kafka.bootstrap.servers").or(() -> bootstrapOverride)
            .orElseThrow(() -> new ConfigException("Missing setting 'kafka.bootstrap.servers': set it in the "
                + "configuration file, as environment variable FW_KAFKA_BOOTSTRAP_SERVERS, or with "
                + "--bootstrap-servers host:port."));
        int partitions = s.getInt("kafka.partitions");
        int rf = s.getInt("kafka.replication.factor");
        if (partitions < 1) {
            throw new ConfigException("Setting 'kafka.partitions' must be at least 1, got " + partitions + ".");
        }
        if (rf < 1 || rf > Short.MAX_VALUE) {
            throw new ConfigException("Setting 'kafka.replication.factor' must be at least 1, got " + rf + ".");
        }
        String suffix = s.find("kafka.topic.suffix").orElse(null);
        Topics topics = suffix == null ? Topics.defaults() : Topics.defaults().withSuffix(suffix);
        return new KafkaSettings(servers, s.withPrefix("kafka.client."), topics, partitions, (short) rf);
    }

    public static KafkaSettings local(String bootstrapServers, Topics topics) {
        return new KafkaSettings(bootstrapServers, Map.of(), topics, 3, (short) 1);
    }

    public KafkaSettings withTopics(Topics t) {
        return new KafkaSettings(bootstrapServers, clientProperties, t, partitions, replicationFactor);
    }

    /** Base properties for any Kafka client: bootstrap servers plus the pass-through client properties. */
    public Properties clientProps() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
}
