package dev.fraudwatch.web;

/** Names of the Elasticsearch indices the dashboard reads (kept by the indexer; the original's names). */
public record EsIndices(String customerRisk, String blockedCustomers, String fraudDashboard, String fraudAlerts) {

    public static EsIndices defaults() {
        return new EsIndices("customer_risk", "blocked_customers", "fraud_dashboard", "fraud_alerts");
    }

    /** Every name with {@code _suffix} appended, as {@code Topics.withSuffix} does for topics. */
    public EsIndices withSuffix(String suffix) {
        String s = "_" + suffix;
        return new EsIndices(customerRisk + s, blockedCustomers + s, fraudDashboard + s, fraudAlerts + s);
    }
}
