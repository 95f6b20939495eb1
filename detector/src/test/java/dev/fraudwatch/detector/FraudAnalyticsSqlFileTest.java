package dev.fraudwatch.detector;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FraudAnalyticsSqlFileTest {

    @Test
    void committedSqlFileIsTheRenderingOfTheJobsQueries() throws Exception {
        String committed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FraudAnalyticsSqlFile.RESOURCE)) {
            assertThat(in).as(FraudAnalyticsSqlFile.RESOURCE).isNotNull();
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(committed)
            .as("regenerate with: java dev.fraudwatch.detector.FraudAnalyticsSqlFile")
            .isEqualTo(FraudAnalyticsSqlFile.render(FraudAnalyticsSqlFile.DEFAULT_BOOTSTRAP));
    }

    @Test
    void everyStatementPlansAgainstTheRealKafkaConnectors() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String ddl : FraudAnalyticsSqlFile.ddl(FraudAnalyticsSqlFile.DEFAULT_BOOTSTRAP)) {
            env.executeSql(ddl);
        }
        StatementSet set = env.createStatementSet();
        FraudAnalyticsSqlFile.inserts().forEach(set::addInsertSql);
        String plan = set.explain();
        // Planning creates every source and sink through its connector factory (kafka, upsert-kafka, json), so a
        // wrong option or column fails here, not first in a user's SQL client.
        assertThat(plan).contains("GlobalWindowAggregate", "GroupAggregate",
            "Sink(table=[default_catalog.default_database.fraud_dashboard]",
            "Sink(table=[default_catalog.default_database.customer_risk]", "upsertMaterialize=[true]",
            "Sink(table=[default_catalog.default_database.blocked_customers]");
    }
}
