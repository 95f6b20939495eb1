package dev.fraudwatch.kafka;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaIT {

    @TempDir
    Path dir;

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDataDirectory() throws Exception {
        int port = Ports.freePort();
        int cport = Ports.freePort();
        Topics topics = Topics.defaults().withSuffix("restart");
        try (EmbeddedKafka k = EmbeddedKafka.start(dir, port, cport, 3)) {
            TopicAdmin.ensureTopics(KafkaSettings.local(k.bootstrapServers(), topics));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topics.transactions(), "ACC1", "{\"a\":1}")).get();
            }
        }
        try (EmbeddedKafka k = EmbeddedKafka.start(dir, port, cport, 3)) {
            TopicAdmin.Result again = TopicAdmin.ensureTopics(KafkaSettings.local(k.bootstrapServers(), topics));
            assertThat(again.created()).isEmpty();
            KafkaBrokerExtensionReader reader = new KafkaBrokerExtensionReader(k.bootstrapServers());
            List<ConsumerRecord<byte[], byte[]>> records = reader.consume(topics.transactions(), 1);
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void refusesABusyPortNamingThePortAndTheSetting() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dir, busy.getLocalPort(), 0, 3))
                .isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("Port " + busy.getLocalPort())
                .hasMessageContaining("Kafka")
                .hasMessageContaining("kafka.embedded.port");
        }
    }
}
