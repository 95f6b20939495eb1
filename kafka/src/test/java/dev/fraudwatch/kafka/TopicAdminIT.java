package dev.fraudwatch.kafka;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicAdminIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void createsEveryTopicOnceAndLeavesThemAloneTheSecondTime() throws Exception {
        Topics topics = Topics.defaults().withSuffix(KafkaBrokerExtension.uniqueSuffix());
        KafkaSettings s = new KafkaSettings(kafka.bootstrapServers(), Map.of(), topics, 4, (short) 1);

        TopicAdmin.Result first = TopicAdmin.ensureTopics(s);
        TopicAdmin.Result second = TopicAdmin.ensureTopics(s);

        assertThat(first.created()).containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(first.existing()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(topics.all());

        try (Admin admin = Admin.create(s.clientProps())) {
            Map<String, TopicDescription> d = admin.describeTopics(topics.all()).allTopicNames().get();
            assertThat(d.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(4));
            ConfigResource risk = new ConfigResource(ConfigResource.Type.TOPIC, topics.customerRisk());
            ConfigResource tx = new ConfigResource(ConfigResource.Type.TOPIC, topics.transactions());
            Map<ConfigResource, Config> cfg = admin.describeConfigs(java.util.List.of(risk, tx)).all().get();
            assertThat(cfg.get(risk).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(cfg.get(tx).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }
}
