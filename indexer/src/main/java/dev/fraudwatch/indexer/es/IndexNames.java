package dev.fraudwatch.indexer.es;

import java.util.List;

/**
 * The Elasticsearch index names FraudWatch writes. The defaults are the original system's names (dashboards and
 * scripts written for it keep working); tests use {@link #withSuffix(String)} so each test has indices of its own.
 */
public record IndexNames(String customerRisk, String blockedCustomers, String fraudDashboard, String fraudAlerts) {

    public static final String CUSTOMER_RISK = "customer_risk";
    public static final String BLOCKED_CUSTOMERS = "blocked_customers";
    public static final String FRAUD_DASHBOARD = "fraud_dashboard";
    public static final String FRAUD_ALERTS = "fraud_alerts";

    public static IndexNames defaults() {
        return new IndexNames(CUSTOMER_RISK, BLOCKED_CUSTOMERS, FRAUD_DASHBOARD, FRAUD_ALERTS);
    }

    /** Every name with {@code _<suffix>} appended; a null or blank suffix gives the names unchanged. */
    public IndexNames withSuffix(String suffix) {
        if (suffix == null || suffix.isBlank()) {
            return this;
        }
        String s = "_" + suffix.trim();
        return new IndexNames(customerRisk + s, blockedCustomers + s, fraudDashboard + s, fraudAlerts + s);
    }

    public List<String> all() {
        return List.of(customerRisk, blockedCustomers, fraudDashboard, fraudAlerts);
    }
}
