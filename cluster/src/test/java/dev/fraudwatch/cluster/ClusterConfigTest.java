package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {

    @Test
    void defaultsGiveThreeBrokersWithReplicationThreeAndTwoInSyncUnderDataDir() {
        ClusterConfig c = ClusterConfig.from(Settings.of(Map.of("data.dir", "somewhere")));

        assertThat(c.dir()).isEqualTo(Path.of("somewhere", "cluster"));
        assertThat(c.brokers()).isEqualTo(3);
        assertThat(c.replicationFactor()).isEqualTo((short) 3);
        assertThat(c.minInsyncReplicas()).isEqualTo(2);
        assertThat(c.partitions()).isEqualTo(6);
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094");
        assertThat(c.flinkRestUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(c.kafkaPorts()).doesNotContain(9092, 9093);
    }

    @Test
    void singleBrokerClusterReplicatesOnceAndNeedsOneInSync() {
        ClusterConfig c = ClusterConfig.from(Settings.of(Map.of("data.dir", "d", "cluster.kafka.ports", "29092",
            "cluster.kafka.controller-ports", "29093")));

        assertThat(c.replicationFactor()).isEqualTo((short) 1);
        assertThat(c.minInsyncReplicas()).isEqualTo(1);
    }

    @Test
    void rejectsBrokerAndControllerPortListsOfDifferentLengths() {
        Settings s = Settings.of(Map.of("data.dir", "d", "cluster.kafka.controller-ports", "29093"));

        assertThatThrownBy(() -> ClusterConfig.from(s)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("cluster.kafka.controller-ports");
    }

    @Test
    void rejectsPortListThatIsNotNumbers() {
        Settings s = Settings.of(Map.of("data.dir", "d", "cluster.kafka.ports", "19092,x,19094"));

        assertThatThrownBy(() -> ClusterConfig.from(s)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("cluster.kafka.ports");
    }

    @Test
    void freePortConfigUsesDistinctPorts() {
        ClusterConfig c = ClusterConfig.withFreePorts(Path.of("x"), 3);

        java.util.Set<Integer> all = new java.util.HashSet<>(c.kafkaPorts());
        all.addAll(c.kafkaControllerPorts());
        all.add(c.flinkRestPort());
        all.add(c.flinkRpcPort());
        assertThat(all).hasSize(8);
    }

    @Test
    void everyBrokerIsAVoterOfOneQuorumAndReplicatesInternalTopicsThreeTimes() {
        ClusterConfig c = ClusterConfig.from(Settings.of(Map.of("data.dir", "d")));
        KafkaProcesses k = new KafkaProcesses(c, "", Path.of("logs"));

        Properties p = k.brokerProperties(1);

        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("controller.quorum.voters"))
            .isEqualTo("0@127.0.0.1:19192,1@127.0.0.1:19193,2@127.0.0.1:19194");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:19193");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
        assertThat(p.getProperty("default.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
        assertThat(p.getProperty("unclean.leader.election.enable")).isEqualTo("false");
        assertThat(p.getProperty("log.dirs")).endsWith(Path.of("d", "cluster", "kafka", "broker-1").toString());
    }

    @Test
    void flinkConfigurationSpreadsSlotsAndKeepsCheckpointsInTheClusterDirectory() {
        ClusterConfig c = ClusterConfig.from(Settings.of(Map.of("data.dir", "d")));
        Map<String, String> conf = new FlinkProcesses(c, "", Path.of("logs")).configuration();

        assertThat(conf).containsEntry("rest.port", "8081").containsEntry("jobmanager.rpc.port", "6123")
            .containsEntry("taskmanager.numberOfTaskSlots", "2")
            .containsEntry("taskmanager.load-balance.mode", "SLOTS")
            .containsEntry("taskmanager.memory.process.size", "768m");
        assertThat(conf.get("execution.checkpointing.dir")).startsWith("file:/")
            .matches(".*/d/cluster/flink/checkpoints/?");
        assertThat(conf.get("env.java.opts.all")).contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    }
}
