package dev.fraudwatch.indexer.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.IndexDefinition;
import dev.fraudwatch.indexer.IndexDefinitions;
import dev.fraudwatch.indexer.es.IndexNames;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Validates the saved objects the way Kibana would need them: every reference resolves inside the file, and every
 * field a panel uses exists in the index mapping FraudWatch creates, with a type that allows its aggregation.
 */
class FraudMonitoringDashboardTest {

    private static final Set<String> NUMERIC = Set.of("integer", "long", "short", "byte", "double", "float",
        "half_float", "scaled_float");

    private final List<JsonNode> objects = parse(FraudMonitoringDashboard.bundled());

    private static List<JsonNode> parse(byte[] ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(Json.fromString(line, JsonNode.class));
            }
        }
        return out;
    }

    @Test
    void bundledFileIsTheGeneratorsOutput() {
        assertThat(new String(FraudMonitoringDashboard.bundled(), StandardCharsets.UTF_8))
            .as("regenerate with FraudMonitoringDashboard.main")
            .isEqualTo(FraudMonitoringDashboard.ndjson(IndexNames.defaults()));
    }

    @Test
    void hasDataViewsForEveryIndexAndTheDashboardWithEverySuggestedPanel() {
        Set<String> dataViews = new HashSet<>();
        Set<String> lensTitles = new HashSet<>();
        for (JsonNode o : objects) {
            switch (o.get("type").asText()) {
                case "index-pattern" -> dataViews.add(o.at("/attributes/title").asText());
                case "lens" -> lensTitles.add(o.at("/attributes/title").asText());
                default -> { }
            }
        }
        assertThat(dataViews).containsExactlyInAnyOrderElementsOf(IndexNames.defaults().all());
        assertThat(lensTitles).contains("Risk level distribution", "Average amount per risk level",
            "Top 10 customers by fraudulent transactions", "Risk level vs total transactions",
            "Recently blocked customers", "Total blocked transactions", "Blocked per minute", "Alerts by decision",
            "Top fired rules");
        JsonNode dashboard = only("dashboard");
        assertThat(dashboard.at("/attributes/title").asText()).isEqualTo("Fraud Monitoring");
        assertThat(Json.fromString(dashboard.at("/attributes/panelsJSON").asText(), JsonNode.class))
            .hasSize(lensTitles.size());
    }

    @Test
    void everyReferenceResolvesToAnObjectInTheFile() {
        Map<String, JsonNode> byTypeAndId = new HashMap<>();
        objects.forEach(o -> byTypeAndId.put(o.get("type").asText() + "/" + o.get("id").asText(), o));
        assertThat(byTypeAndId).as("unique ids").hasSize(objects.size());
        for (JsonNode o : objects) {
            for (JsonNode ref : o.get("references")) {
                assertThat(byTypeAndId).as(o.get("id") + " -> " + ref)
                    .containsKey(ref.get("type").asText() + "/" + ref.get("id").asText());
            }
        }
        JsonNode dashboard = only("dashboard");
        Set<String> refNames = new HashSet<>();
        dashboard.get("references").forEach(r -> refNames.add(r.get("name").asText()));
        for (JsonNode panel : Json.fromString(dashboard.at("/attributes/panelsJSON").asText(), JsonNode.class)) {
            String name = panel.get("panelIndex").asText() + ":" + panel.get("panelRefName").asText();
            assertThat(refNames).as("panel " + panel.get("panelIndex")).contains(name);
            assertThat(name).matches("\\d+:panel_\\d+");
        }
        for (JsonNode lens : ofType("lens")) {
            lens.at("/attributes/state/datasourceStates/formBased/layers").fieldNames().forEachRemaining(layer ->
                assertThat(lens.get("references").findValuesAsText("name"))
                    .as(lens.get("id") + " layer " + layer).contains("indexpattern-datasource-layer-" + layer));
        }
    }

    @Test
    void everyPanelFieldExistsInTheMappingWithATypeThatAllowsItsAggregation() {
        Map<String, JsonNode> mappingByIndex = new HashMap<>();
        for (IndexDefinition d : IndexDefinitions.standard(Topics.defaults(), IndexNames.defaults(),
            Clock.systemUTC())) {
            mappingByIndex.put(d.index(), Json.fromString(d.mappingJson(), JsonNode.class));
        }
        Map<String, JsonNode> mappingByDataView = new HashMap<>();
        for (JsonNode dv : ofType("index-pattern")) {
            JsonNode mapping = mappingByIndex.get(dv.at("/attributes/title").asText());
            assertThat(mapping).as("data view " + dv.get("id") + " names an index FraudWatch creates").isNotNull();
            mappingByDataView.put(dv.get("id").asText(), mapping);
            if (dv.at("/attributes/timeFieldName").isTextual()) {
                assertThat(fieldType(mapping, dv.at("/attributes/timeFieldName").asText())).isEqualTo("date");
            }
        }
        int checked = 0;
        for (JsonNode lens : ofType("lens")) {
            JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
            for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> layer = it.next();
                String dvId = refId(lens, "indexpattern-datasource-layer-" + layer.getKey());
                JsonNode mapping = mappingByDataView.get(dvId);
                assertThat(mapping).as(lens.get("id") + " data view").isNotNull();
                JsonNode columns = layer.getValue().get("columns");
                List<String> order = new ArrayList<>();
                layer.getValue().get("columnOrder").forEach(c -> order.add(c.asText()));
                assertThat(order).containsExactlyInAnyOrderElementsOf(iterable(columns.fieldNames()));
                for (Iterator<Map.Entry<String, JsonNode>> cs = columns.fields(); cs.hasNext(); ) {
                    Map.Entry<String, JsonNode> col = cs.next();
                    String where = lens.get("id").asText() + "/" + col.getKey();
                    checkColumn(where, col.getValue(), mapping, columns);
                    checked++;
                }
                assertThat(accessors(lens.at("/attributes/state/visualization")))
                    .as(lens.get("id") + " visualization uses only its columns")
                    .isNotEmpty().isSubsetOf(order);
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void validatorRejectsTermsOnTextAverageOnKeywordAndUnknownFields() {
        JsonNode mapping = Json.fromString(IndexDefinitions.customerRisk("t", "i", Clock.systemUTC()).mappingJson(),
            JsonNode.class);
        JsonNode columns = Json.MAPPER.createObjectNode();
        assertThatThrownBy(() -> checkColumn("x", Lens.terms("Name", "n", 5, "c"), mapping, columns))
            .isInstanceOf(AssertionError.class).hasMessageContaining("terms on Name (text)");
        assertThatThrownBy(() -> checkColumn("x", Lens.metric("average", "Risk_Level", "a"), mapping, columns))
            .isInstanceOf(AssertionError.class).hasMessageContaining("Risk_Level (keyword)");
        assertThatThrownBy(() -> checkColumn("x", Lens.dateHistogram("Total_Txns", "d", "1m"), mapping, columns))
            .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> checkColumn("x", Lens.metric("max", "Fraud Txns", "m"), mapping, columns))
            .isInstanceOf(AssertionError.class).hasMessageContaining("is in the mapping");
        checkColumn("x", Lens.terms("Name.raw", "n", 5, "c"), mapping, Json.MAPPER.createObjectNode().put("c", 1));
    }

    private static void checkColumn(String where, JsonNode col, JsonNode mapping, JsonNode columns) {
        String op = col.get("operationType").asText();
        String field = col.get("sourceField").asText();
        if (op.equals("count") && field.equals(Lens.RECORDS)) {
            return;
        }
        String type = fieldType(mapping, field);
        assertThat(type).as(where + ": field '" + field + "' is in the mapping").isNotNull();
        switch (op) {
            // text is analysed and has no doc values: terms on it fail, which is why Name has Name.raw
            case "terms", "last_value", "unique_count" ->
                assertThat(NUMERIC.contains(type) || Set.of("keyword", "date", "boolean", "ip").contains(type))
                    .as(where + ": " + op + " on " + field + " (" + type + ")").isTrue();
            case "average", "sum", "median", "standard_deviation", "range" ->
                assertThat(NUMERIC).as(where + ": " + op + " on " + field + " (" + type + ")").contains(type);
            case "min", "max" -> assertThat(NUMERIC.contains(type) || type.equals("date"))
                .as(where + ": " + op + " on " + field + " (" + type + ")").isTrue();
            case "date_histogram" -> assertThat(type).as(where + ": date_histogram on " + field).isEqualTo("date");
            default -> throw new AssertionError(where + ": operation " + op + " not validated");
        }
        JsonNode orderBy = col.at("/params/orderBy/columnId");
        if (orderBy.isTextual()) {
            assertThat(columns.has(orderBy.asText())).as(where + " orders by an existing column").isTrue();
        }
        JsonNode sortField = col.at("/params/sortField");
        if (sortField.isTextual()) {
            assertThat(fieldType(mapping, sortField.asText())).as(where + " sorts by a date").isEqualTo("date");
        }
    }

    /** The mapping type of a dotted field path: object properties and multi-field sub-fields (Name.raw). */
    static String fieldType(JsonNode mapping, String path) {
        JsonNode props = mapping.get("properties");
        if (props.has(path)) {
            JsonNode f = props.get(path);
            return f.path("type").asText(f.has("properties") ? "object" : null);
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            JsonNode parent = props.get(path.substring(0, dot));
            String rest = path.substring(dot + 1);
            if (parent != null) {
                if (parent.has("fields") && parent.get("fields").has(rest)) {
                    return parent.get("fields").get(rest).get("type").asText();
                }
                if (parent.has("properties") && parent.path("enabled").asBoolean(true)) {
                    return fieldType(parent, rest);
                }
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }

    private static Set<String> accessors(JsonNode visualization) {
        Set<String> out = new HashSet<>();
        for (String k : List.of("xAccessor", "yAccessor", "valueAccessor", "metricAccessor", "columnId")) {
            visualization.findValuesAsText(k).forEach(out::add);
        }
        for (String k : List.of("accessors", "primaryGroups", "metrics")) {
            visualization.findValues(k).forEach(a -> a.forEach(v -> out.add(v.asText())));
        }
        return out;
    }

    private static String refId(JsonNode o, String name) {
        for (JsonNode r : o.get("references")) {
            if (r.get("name").asText().equals(name)) {
                return r.get("id").asText();
            }
        }
        return null;
    }

    private List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.get("type").asText().equals(type)).toList();
    }

    private JsonNode only(String type) {
        assertThat(ofType(type)).hasSize(1);
        return ofType(type).get(0);
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
