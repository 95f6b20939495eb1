package dev.fraudwatch.indexer.kibana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.indexer.es.IndexNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the Kibana saved objects of the "Fraud Monitoring" dashboard: a data view per index, one Lens
 * visualization per panel (the original's suggested panels plus FraudWatch's alerts) and the dashboard. The
 * checked-in {@value #RESOURCE} is this class's output; a test keeps the two identical. Regenerate with
 * {@code java ... FraudMonitoringDashboard indexer/src/main/resources/kibana/fraud-monitoring.ndjson}.
 */
public final class FraudMonitoringDashboard {

    /** Classpath location of the generated file. */
    public static final String RESOURCE = "/kibana/fraud-monitoring.ndjson";
    public static final String DASHBOARD_ID = "fraudwatch-fraud-monitoring";
    public static final String TITLE = "Fraud Monitoring";

    static final String DV_RISK = "fraudwatch-dv-customer-risk";
    static final String DV_BLOCKED = "fraudwatch-dv-blocked-customers";
    static final String DV_DASHBOARD = "fraudwatch-dv-fraud-dashboard";
    static final String DV_ALERTS = "fraudwatch-dv-fraud-alerts";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FraudMonitoringDashboard() {
    }

    /** Writes the ndjson to the path given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FraudMonitoringDashboard <output.ndjson>");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), ndjson(IndexNames.defaults()));
    }

    /** The checked-in, bundled file. */
    public static byte[] bundled() {
        try (InputStream in = FraudMonitoringDashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the indexer jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One saved object per line, data views first, dashboard last (Kibana's export order). */
    public static String ndjson(IndexNames indices) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode o : objects(indices)) {
            try {
                out.append(Json.MAPPER.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    public static List<ObjectNode> objects(IndexNames indices) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(dataView(DV_RISK, indices.customerRisk(), null));
        out.add(dataView(DV_BLOCKED, indices.blockedCustomers(), "Transaction Time"));
        out.add(dataView(DV_DASHBOARD, indices.fraudDashboard(), "win_start"));
        out.add(dataView(DV_ALERTS, indices.fraudAlerts(), "Transaction Time"));
        List<Lens> panels = panels();
        panels.forEach(l -> out.add(l.toSavedObject()));
        out.add(dashboard(panels));
        return out;
    }

    /** Panels in dashboard order; each is 24 of 48 columns wide, two per row. */
    static List<Lens> panels() {
        List<Lens> p = new ArrayList<>();

        Lens pie = Lens.of("fraudwatch-risk-level-distribution", "Risk level distribution", "lnsPie", DV_RISK)
            .column("level", Lens.terms("Risk_Level", "Risk level", 5, "customers"))
            .column("customers", Lens.count("Customers"));
        p.add(pie.visualization(pie.pie("level", "customers")));

        Lens avg = Lens.of("fraudwatch-avg-amount-by-risk-level", "Average amount per risk level", "lnsXY", DV_RISK)
            .column("level", Lens.terms("Risk_Level", "Risk level", 5, "avg"))
            .column("avg", Lens.metric("average", "Avg_Amount", "Average amount"));
        p.add(avg.visualization(avg.xy("bar", "level", "avg")));

        Lens top = Lens.of("fraudwatch-top-customers-by-fraud", "Top 10 customers by fraudulent transactions",
                "lnsDatatable", DV_RISK)
            .column("account", Lens.terms("Account Number", "Account", 10, "fraud"))
            .column("name", Lens.lastValue("Name.raw", "string", "Last_Updated", "Name"))
            .column("fraud", Lens.metric("max", "Fraud_Txns", "Fraud transactions"))
            .column("total", Lens.metric("max", "Total_Txns", "Transactions"))
            .column("level", Lens.lastValue("Risk_Level", "string", "Last_Updated", "Risk level"));
        p.add(top.visualization(top.tableSortedBy("fraud", "account", "name", "fraud", "total", "level")));

        Lens heat = Lens.of("fraudwatch-risk-level-vs-transactions", "Risk level vs total transactions",
                "lnsHeatmap", DV_RISK)
            .column("level", Lens.terms("Risk_Level", "Risk level", 5, "customers"))
            .column("txns", Lens.histogram("Total_Txns", "Total transactions"))
            .column("customers", Lens.count("Customers"));
        p.add(heat.visualization(heat.heatmap("level", "txns", "customers")));

        Lens recent = Lens.of("fraudwatch-recently-blocked", "Recently blocked customers", "lnsDatatable", DV_BLOCKED)
            .column("txn", Lens.terms("Transaction ID", "Transaction", 20, "time"))
            .column("time", Lens.maxDate("Transaction Time", "Time"))
            .column("name", Lens.lastValue("Name.raw", "string", "Transaction Time", "Name"))
            .column("account", Lens.lastValue("Account Number", "string", "Transaction Time", "Account"))
            .column("amount", Lens.metric("max", "Current Transaction Amount", "Amount"))
            .column("reason", Lens.lastValue("Reason", "string", "Transaction Time", "Reason"));
        p.add(recent.visualization(recent.tableSortedBy("time", "txn", "time", "name", "account", "amount",
            "reason")));

        Lens total = Lens.of("fraudwatch-total-blocked", "Total blocked transactions", "lnsMetric", DV_BLOCKED)
            .column("blocked", Lens.count("Blocked"));
        p.add(total.visualization(total.metricValue("blocked")));

        Lens perMinute = Lens.of("fraudwatch-blocked-per-minute", "Blocked per minute", "lnsXY", DV_BLOCKED)
            .column("minute", Lens.dateHistogram("Transaction Time", "Minute", "1m"))
            .column("blocked", Lens.count("Blocked"));
        p.add(perMinute.visualization(perMinute.xy("bar", "minute", "blocked")));

        Lens highRisk = Lens.of("fraudwatch-high-risk-per-minute", "High-risk transactions (> 10,000) per minute",
                "lnsXY", DV_DASHBOARD)
            .query("metric_type : \"high_risk_txn_count\"")
            .column("minute", Lens.dateHistogram("win_start", "Minute", "1m"))
            .column("count", Lens.metric("sum", "metric_value", "Transactions"));
        p.add(highRisk.visualization(highRisk.xy("line", "minute", "count")));

        Lens decisions = Lens.of("fraudwatch-alerts-by-decision", "Alerts by decision", "lnsPie", DV_ALERTS)
            .column("decision", Lens.terms("Decision", "Decision", 3, "alerts"))
            .column("alerts", Lens.count("Alerts"));
        p.add(decisions.visualization(decisions.pie("decision", "alerts")));

        Lens rules = Lens.of("fraudwatch-top-fired-rules", "Top fired rules", "lnsXY", DV_ALERTS)
            .column("rule", Lens.terms("Fired_Rules.rule", "Rule", 10, "alerts"))
            .column("alerts", Lens.count("Alerts"));
        p.add(rules.visualization(rules.xy("bar_horizontal", "rule", "alerts")));

        Lens score = Lens.of("fraudwatch-alert-score-per-minute", "Average alert risk score per minute", "lnsXY",
                DV_ALERTS)
            .column("minute", Lens.dateHistogram("Transaction Time", "Minute", "1m"))
            .column("score", Lens.metric("average", "Risk_Score", "Average risk score"));
        p.add(score.visualization(score.xy("line", "minute", "score")));
        return p;
    }

    private static ObjectNode dataView(String id, String index, String timeField) {
        ObjectNode o = F.objectNode();
        o.put("type", "index-pattern");
        o.put("id", id);
        ObjectNode a = o.putObject("attributes");
        a.put("title", index);
        a.put("name", index);
        if (timeField != null) {
            a.put("timeFieldName", timeField);
        }
        o.putArray("references");
        o.put("coreMigrationVersion", "8.8.0");
        o.put("typeMigrationVersion", "8.0.0");
        return o;
    }

    private static ObjectNode dashboard(List<Lens> panels) {
        ArrayNode panelsJson = F.arrayNode();
        ObjectNode o = F.objectNode();
        o.put("type", "dashboard");
        o.put("id", DASHBOARD_ID);
        ArrayNode refs = F.arrayNode();
        for (int i = 0; i < panels.size(); i++) {
            String panelIndex = Integer.toString(i + 1);
            ObjectNode panel = panelsJson.addObject();
            panel.put("type", "lens");
            panel.putObject("gridData").put("x", (i % 2) * 24).put("y", (i / 2) * 15).put("w", 24).put("h", 15)
                .put("i", panelIndex);
            panel.put("panelIndex", panelIndex);
            panel.putObject("embeddableConfig").putObject("enhancements");
            panel.put("panelRefName", "panel_" + panelIndex);
            refs.addObject().put("name", panelIndex + ":panel_" + panelIndex).put("type", "lens")
                .put("id", panels.get(i).id());
        }
        ObjectNode a = o.putObject("attributes");
        a.put("title", TITLE);
        a.put("description", "FraudWatch: customer risk, blocked transactions and fraud alerts.");
        a.put("panelsJSON", Json.toString(panelsJson));
        a.put("optionsJSON", Json.toString(F.objectNode().put("useMargins", true).put("syncColors", false)
            .put("syncCursor", true).put("syncTooltips", false).put("hidePanelTitles", false)));
        a.put("timeRestore", true);
        a.put("timeFrom", "now-24h");
        a.put("timeTo", "now");
        a.putObject("refreshInterval").put("pause", false).put("value", 10_000);
        a.put("version", 1);
        ObjectNode search = F.objectNode();
        search.putObject("query").put("query", "").put("language", "kuery");
        search.putArray("filter");
        a.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", Json.toString(search));
        o.set("references", refs);
        o.put("coreMigrationVersion", "8.8.0");
        o.put("typeMigrationVersion", "8.9.0");
        return o;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
