package dev.fraudwatch.indexer.kibana;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.IndexDefinition;
import dev.fraudwatch.indexer.IndexDefinitions;
import dev.fraudwatch.indexer.es.ElasticsearchExtension;
import dev.fraudwatch.indexer.es.IndexAdmin;
import dev.fraudwatch.indexer.es.IndexNames;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.FraudAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs, for every Lens column of the dashboard, the Elasticsearch aggregation Kibana would run on that field, against
 * indices created with FraudWatch's real mappings and holding a contract document each: a field of the wrong type
 * (e.g. terms on a text field) fails here as it would in Kibana.
 */
class KibanaPanelsIT {

    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    @Test
    void everyPanelAggregationRunsOnTheRealIndices() throws Exception {
        IndexNames names = es.newIndices();
        Map<String, String> indexByDefaultName = new HashMap<>();
        List<String> defaults = IndexNames.defaults().all();
        for (int i = 0; i < defaults.size(); i++) {
            indexByDefaultName.put(defaults.get(i), names.all().get(i));
        }
        try (ElasticsearchClient client = es.client()) {
            for (IndexDefinition d : IndexDefinitions.standard(Topics.defaults(), names, Clock.systemUTC())) {
                IndexAdmin.ensureIndex(client, d.index(), d.mappingJson());
            }
            ObjectNode risk = Json.MAPPER.valueToTree(new CustomerRisk("Ann Lee", "ACC0000000001", 4, 1, 120.5,
                CustomerRisk.MODERATE, 0.4, "ACTIVE", null));
            risk.put("Last_Updated", "2026-11-24T10:00:00Z");
            client.index(x -> x.index(names.customerRisk()).id("1").document(risk));
            client.index(x -> x.index(names.blockedCustomers()).id("1").document(new BlockedCustomer("Ann Lee",
                "ACC0000000001", 60_000, "TRN00000000001", "2026-11-24 10:00:00.123456", BlockedCustomer.AMOUNT_REASON,
                0.9, List.of("amount"), "2026-11-24T10:00:01Z")));
            client.index(x -> x.index(names.fraudDashboard()).id("1").document(new DashboardMetric(
                "2026-11-24 10:00:00.000", DashboardMetric.HIGH_RISK_TXN_COUNT, "all", 3)));
            client.index(x -> x.index(names.fraudAlerts()).id("1").document(new FraudAlert("TRN00000000001",
                "ACC0000000001", "Ann Lee", 60_000, "2026-11-24 10:00:00.123456", FraudAlert.Decision.BLOCK, 0.9,
                List.of(new FraudAlert.FiredRule("amount", 0.9, Map.of("amount", 60_000))), "2026-11-24T10:00:01Z")));
            client.indices().refresh(r -> r.index(names.all()));

            Map<String, String> indexByDataView = new HashMap<>();
            List<ObjectNode> objects = FraudMonitoringDashboard.objects(IndexNames.defaults());
            objects.stream().filter(o -> o.get("type").asText().equals("index-pattern")).forEach(o ->
                indexByDataView.put(o.get("id").asText(), indexByDefaultName.get(o.at("/attributes/title").asText())));
            int ran = 0;
            for (ObjectNode lens : objects.stream().filter(o -> o.get("type").asText().equals("lens")).toList()) {
                String index = indexByDataView.get(lens.at("/references/0/id").asText());
                JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
                for (JsonNode layer : layers) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = layer.get("columns").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> col = it.next();
                        String agg = aggregation(col.getValue());
                        if (agg == null) {
                            continue;
                        }
                        SearchResponse<Void> r = client.search(s -> s.index(index).size(0)
                            .aggregations("a", Aggregation.of(a -> a.withJson(new StringReader(agg)))), Void.class);
                        assertThat(r.aggregations()).as(lens.get("id") + "/" + col.getKey()).containsKey("a");
                        ran++;
                    }
                }
            }
            assertThat(ran).isGreaterThan(20);
        }
    }

    /** The aggregation Lens builds for a column, as JSON; null for the document count. */
    private static String aggregation(JsonNode col) {
        String field = col.get("sourceField").asText();
        ObjectNode agg = Json.MAPPER.createObjectNode();
        switch (col.get("operationType").asText()) {
            case "count" -> {
                return null;
            }
            case "terms" -> agg.putObject("terms").put("field", field).put("size", 10);
            case "average" -> agg.putObject("avg").put("field", field);
            case "sum", "max", "min" -> agg.putObject(col.get("operationType").asText()).put("field", field);
            case "date_histogram" -> agg.putObject("date_histogram").put("field", field).put("fixed_interval", "1m");
            case "range" -> agg.putObject("histogram").put("field", field).put("interval", 10);
            case "last_value" -> {
                ObjectNode top = agg.putObject("top_hits").put("size", 1).put("_source", false);
                top.putArray("docvalue_fields").add(field);
                top.putArray("sort").addObject().put(col.at("/params/sortField").asText(), "desc");
            }
            default -> throw new AssertionError("no aggregation known for " + col);
        }
        return Json.toString(agg);
    }
}
