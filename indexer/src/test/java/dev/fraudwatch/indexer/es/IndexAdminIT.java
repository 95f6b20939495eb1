package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.IndexDefinition;
import dev.fraudwatch.indexer.IndexDefinitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexAdminIT {

    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();
    static ElasticsearchClient client;
    static IndexNames names;

    @BeforeAll
    static void createIndicesTwice() throws Exception {
        client = es.client();
        names = es.newIndices();
        for (int round = 0; round < 2; round++) {
            for (IndexDefinition d : IndexDefinitions.standard(Topics.defaults(), names, Clock.systemUTC())) {
                IndexAdmin.ensureIndex(client, d.index(), d.mappingJson());
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static Map<String, Property> properties(String index) throws Exception {
        TypeMapping m = client.indices().getMapping(g -> g.index(index)).result().get(index).mappings();
        return m.properties();
    }

    @Test
    void customerRiskMappingMatchesContract() throws Exception {
        Map<String, Property> p = properties(names.customerRisk());
        assertThat(p.get("Name").isText()).isTrue();
        assertThat(p.get("Name").text().fields().get("raw").isKeyword()).isTrue();
        assertThat(p.get("Account Number").isKeyword()).isTrue();
        assertThat(p.get("Risk_Level").isKeyword()).isTrue();
        assertThat(p.get("Status").isKeyword()).isTrue();
        assertThat(p.get("Total_Txns").isInteger()).isTrue();
        assertThat(p.get("Fraud_Txns").isInteger()).isTrue();
        assertThat(p.get("Avg_Amount").isDouble()).isTrue();
        assertThat(p.get("Risk_Score").isDouble()).isTrue();
        assertThat(p.get("Last_Updated").isDate()).isTrue();
    }

    @Test
    void blockedCustomersHasPerMinuteTimeFieldAcceptingPythonTimestamps() throws Exception {
        Map<String, Property> p = properties(names.blockedCustomers());
        assertThat(p.get("Transaction Time").date().format())
            .isEqualTo("yyyy-MM-dd HH:mm:ss.SSSSSS||yyyy-MM-dd HH:mm:ss.SSS||yyyy-MM-dd HH:mm:ss"
                + "||strict_date_optional_time");
        assertThat(p.get("Name").text().fields().get("raw").isKeyword()).isTrue();
        for (String k : new String[] {"Account Number", "Transaction ID", "Reason", "Rules"}) {
            assertThat(p.get(k).isKeyword()).as(k).isTrue();
        }
        assertThat(p.get("Current Transaction Amount").isDouble()).isTrue();
        assertThat(p.get("Risk_Score").isDouble()).isTrue();
        assertThat(p.get("Blocked_At").isDate()).isTrue();
    }

    @Test
    void fraudDashboardAndAlertsMappings() throws Exception {
        Map<String, Property> d = properties(names.fraudDashboard());
        assertThat(d.get("win_start").date().format()).startsWith("yyyy-MM-dd HH:mm:ss.SSS");
        assertThat(d.get("metric_type").isKeyword()).isTrue();
        assertThat(d.get("metric_key").isKeyword()).isTrue();
        assertThat(d.get("metric_value").isDouble()).isTrue();

        Map<String, Property> a = properties(names.fraudAlerts());
        for (String k : new String[] {"Transaction ID", "Account Number", "Decision"}) {
            assertThat(a.get(k).isKeyword()).as(k).isTrue();
        }
        assertThat(a.get("Risk_Score").isDouble()).isTrue();
        assertThat(a.get("Transaction Time").isDate()).isTrue();
        assertThat(a.get("Decided_At").isDate()).isTrue();
        Map<String, Property> rules = a.get("Fired_Rules").object().properties();
        assertThat(rules.get("rule").isKeyword()).isTrue();
        assertThat(rules.get("evidence").object().enabled()).isFalse();
    }

    @Test
    void indicesHaveNoReplicasSoTheSingleNodeIsGreen() throws Exception {
        for (String index : names.all()) {
            var h = client.cluster().health(r -> r.index(index).waitForStatus(HealthStatus.Green).timeout(t -> t.time("10s")));
            assertThat(h.status()).as(index).isEqualTo(HealthStatus.Green);
        }
    }
}
