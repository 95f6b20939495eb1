package dev.fraudwatch.core.config;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KnownKeysTest {

    private final KnownKeys known = new KnownKeys(Set.of("kafka.partitions", "kafka.replication.factor",
        "alerts.group-window", "elasticsearch.index.fraud_alerts.refresh-interval", "data.dir"));

    @Test
    void suggestsTheNearestKeyForATypo() {
        assertThat(known.nearest("kafka.partitons")).contains("kafka.partitions");
        assertThat(known.nearest("kafka.replication-factor")).contains("kafka.replication.factor");
    }

    @Test
    void suggestsAKnownKeyWithSomethingAppended() {
        assertThat(known.nearest("alerts.group-window-seconds")).contains("alerts.group-window");
    }

    @Test
    void suggestsNothingForAKeyUnlikeAnyKnownOne() {
        assertThat(known.nearest("totally.different.setting")).isEmpty();
    }

    @Test
    void keysUnderPassThroughPrefixesAreKnownButNotThePrefixAlone() {
        assertThat(known.isKnown("kafka.client.security.protocol")).isTrue();
        assertThat(known.isKnown("flink.config.execution.checkpointing.unaligned.enabled")).isTrue();
        assertThat(known.isKnown("elasticsearch.embedded.setting.node.processors")).isTrue();
        assertThat(known.isKnown("kafka.client.")).isFalse();
        assertThat(known.isKnown("kafka.clients.acks")).isFalse();
    }

    @Test
    void perIndexKeysAreKnownOnlyForTheIndicesListed() {
        assertThat(known.isKnown("elasticsearch.index.fraud_alerts.refresh-interval")).isTrue();
        assertThat(known.isKnown("elasticsearch.index.fraud_alert.refresh-interval")).isFalse();
        assertThat(known.nearest("elasticsearch.index.fraud_alert.refresh-interval"))
            .contains("elasticsearch.index.fraud_alerts.refresh-interval");
    }

    @Test
    void mapsFwVariablesToKeysWithUnderscoresForDotsAndDashes() {
        assertThat(known.keyOfEnvName("FW_ALERTS_GROUP_WINDOW")).contains("alerts.group-window");
        assertThat(known.keyOfEnvName("FW_ELASTICSEARCH_INDEX_FRAUD_ALERTS_REFRESH_INTERVAL"))
            .contains("elasticsearch.index.fraud_alerts.refresh-interval");
        assertThat(known.keyOfEnvName("FW_KAFKA_CLIENT_SECURITY_PROTOCOL")).contains("kafka.client.security.protocol");
        assertThat(known.keyOfEnvName("FW_ALERTS_GROUP_WINDOW_SECONDS")).isEmpty();
        assertThat(known.nearestByEnvName("FW_ALERTS_GROUP_WINDOW_SECONDS")).contains("alerts.group-window");
        assertThat(known.nearestByEnvName("FW_KAFKA_PARTITONS")).contains("kafka.partitions");
    }
}
