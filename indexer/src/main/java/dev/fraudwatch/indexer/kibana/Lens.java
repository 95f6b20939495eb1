package dev.fraudwatch.indexer.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Kibana Lens saved objects ({@code type: lens}): one form-based layer of columns over a data view, plus the
 * visualization state that says which column goes where. Only what FraudWatch's dashboard uses.
 */
final class Lens {

    static final String RECORDS = "___records___";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String id;
    private final String title;
    private final String visualizationType;
    private final String dataViewId;
    private final String layerId = "layer1";
    private final Map<String, ObjectNode> columns = new LinkedHashMap<>();
    private String query = "";
    private ObjectNode visualization;

    private Lens(String id, String title, String visualizationType, String dataViewId) {
        this.id = id;
        this.title = title;
        this.visualizationType = visualizationType;
        this.dataViewId = dataViewId;
    }

    static Lens of(String id, String title, String visualizationType, String dataViewId) {
        return new Lens(id, title, visualizationType, dataViewId);
    }

    String id() {
        return id;
    }

    String layerId() {
        return layerId;
    }

    Lens column(String columnId, ObjectNode column) {
        columns.put(columnId, column);
        return this;
    }

    /** A KQL query limiting the documents, e.g. {@code metric_type : "high_risk_txn_count"}. */
    Lens query(String kql) {
        this.query = kql;
        return this;
    }

    Lens visualization(ObjectNode v) {
        this.visualization = v;
        return this;
    }

    // ---- columns ----

    static ObjectNode terms(String field, String label, int size, String orderByColumn) {
        ObjectNode c = column(label, "string", "terms", field, true, "ordinal");
        ObjectNode p = c.putObject("params");
        p.put("size", size);
        p.putObject("orderBy").put("type", "column").put("columnId", orderByColumn);
        p.put("orderDirection", "desc");
        p.put("otherBucket", false);
        p.put("missingBucket", false);
        return c;
    }

    static ObjectNode count(String label) {
        ObjectNode c = column(label, "number", "count", RECORDS, false, "ratio");
        c.putObject("params").put("emptyAsNull", false);
        return c;
    }

    /** {@code operation}: average, sum, max, min, median. */
    static ObjectNode metric(String operation, String field, String label) {
        return column(label, "number", operation, field, false, "ratio");
    }

    /** The latest date of a date field. */
    static ObjectNode maxDate(String field, String label) {
        return column(label, "date", "max", field, false, "ratio");
    }

    static ObjectNode lastValue(String field, String dataType, String sortField, String label) {
        ObjectNode c = column(label, dataType, "last_value", field, false, "ordinal");
        c.putObject("params").put("sortField", sortField).put("showArrayValues", false);
        return c;
    }

    static ObjectNode dateHistogram(String field, String label, String interval) {
        ObjectNode c = column(label, "date", "date_histogram", field, true, "interval");
        c.putObject("params").put("interval", interval).put("includeEmptyRows", true).put("dropPartials", false);
        return c;
    }

    /** Numeric buckets of automatic width (Lens "intervals"). */
    static ObjectNode histogram(String field, String label) {
        ObjectNode c = column(label, "number", "range", field, true, "interval");
        ObjectNode p = c.putObject("params");
        p.put("type", "histogram");
        p.put("maxBars", "auto");
        p.putArray("ranges").addObject().put("from", 0).put("to", 1000).put("label", "");
        p.put("includeEmptyRows", true);
        return c;
    }

    private static ObjectNode column(String label, String dataType, String op, String field, boolean bucketed,
                                     String scale) {
        ObjectNode c = F.objectNode();
        c.put("label", label);
        c.put("customLabel", true);
        c.put("dataType", dataType);
        c.put("operationType", op);
        c.put("sourceField", field);
        c.put("isBucketed", bucketed);
        c.put("scale", scale);
        return c;
    }

    // ---- visualizations ----

    ObjectNode pie(String group, String metric) {
        ObjectNode v = F.objectNode().put("shape", "pie");
        ObjectNode l = v.putArray("layers").addObject();
        l.put("layerId", layerId).put("layerType", "data");
        l.putArray("primaryGroups").add(group);
        l.putArray("metrics").add(metric);
        l.put("numberDisplay", "percent").put("categoryDisplay", "default").put("legendDisplay", "default");
        return v;
    }

    /** {@code seriesType}: bar, bar_horizontal, line, area. */
    ObjectNode xy(String seriesType, String x, String y) {
        ObjectNode v = F.objectNode();
        v.putObject("legend").put("isVisible", true).put("position", "right");
        v.put("preferredSeriesType", seriesType);
        ObjectNode l = v.putArray("layers").addObject();
        l.put("layerId", layerId).put("layerType", "data").put("seriesType", seriesType).put("xAccessor", x);
        l.putArray("accessors").add(y);
        return v;
    }

    ObjectNode table(String... columnIds) {
        ObjectNode v = F.objectNode().put("layerId", layerId).put("layerType", "data");
        ArrayNode cols = v.putArray("columns");
        for (String c : columnIds) {
            cols.addObject().put("columnId", c);
        }
        return v;
    }

    ObjectNode tableSortedBy(String sortColumn, String... columnIds) {
        ObjectNode v = table(columnIds);
        v.putObject("sorting").put("columnId", sortColumn).put("direction", "desc");
        return v;
    }

    ObjectNode heatmap(String x, String y, String value) {
        ObjectNode v = F.objectNode().put("shape", "heatmap").put("layerId", layerId).put("layerType", "data");
        v.put("xAccessor", x).put("yAccessor", y).put("valueAccessor", value);
        v.putObject("legend").put("isVisible", true).put("position", "right").put("type", "heatmap_legend");
        v.putObject("gridConfig").put("type", "heatmap_grid").put("isCellLabelVisible", true)
            .put("isYAxisLabelVisible", true).put("isXAxisLabelVisible", true)
            .put("isYAxisTitleVisible", true).put("isXAxisTitleVisible", true);
        return v;
    }

    ObjectNode metricValue(String metric) {
        return F.objectNode().put("layerId", layerId).put("layerType", "data").put("metricAccessor", metric);
    }

    // ---- the saved object ----

    ObjectNode toSavedObject() {
        ObjectNode o = F.objectNode();
        o.put("type", "lens");
        o.put("id", id);
        ObjectNode a = o.putObject("attributes");
        a.put("title", title);
        a.put("description", "");
        a.put("visualizationType", visualizationType);
        ObjectNode state = a.putObject("state");
        ObjectNode layer = state.putObject("datasourceStates").putObject("formBased").putObject("layers")
            .putObject(layerId);
        ArrayNode order = layer.putArray("columnOrder");
        columns.keySet().forEach(order::add);
        ObjectNode cols = layer.putObject("columns");
        columns.forEach(cols::set);
        layer.putObject("incompleteColumns");
        state.set("visualization", visualization);
        state.putObject("query").put("query", query).put("language", "kuery");
        state.putArray("filters");
        state.putObject("adHocDataViews");
        state.putArray("internalReferences");
        o.putArray("references").addObject().put("type", "index-pattern").put("id", dataViewId)
            .put("name", "indexpattern-datasource-layer-" + layerId);
        o.put("coreMigrationVersion", "8.8.0");
        o.put("typeMigrationVersion", "8.9.0");
        return o;
    }
}
