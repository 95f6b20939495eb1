package dev.fraudwatch.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    private static Properties connection() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker-a:9092");
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        return p;
    }

    @Test
    void consumerReadsCommittedBytesAndCommitsByHandOnTopOfTheConnection() {
        Properties connection = connection();
        Properties p = KafkaClients.consumer(connection);
        assertThat(p).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-a:9092")
            .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
            .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
            .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
            .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(connection).as("the connection settings are not changed").hasSize(2);
    }

    @Test
    void groupConsumerStartsAtTheBeginningWhenTheGroupIsNew() {
        Properties p = KafkaClients.groupConsumer(connection(), "fraudwatch-alerts");
        assertThat(p).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fraudwatch-alerts")
            .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void reliableProducerIsIdempotentWithAllAcks() {
        Properties connection = connection();
        Properties p = KafkaClients.reliableProducer(connection);
        assertThat(p).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-a:9092")
            .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
            .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
            .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
            .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        assertThat(connection).hasSize(2);
    }
}
