package dev.fraudwatch.core.model;

import java.util.List;

/**
 * The Kafka topic names FraudWatch uses. The defaults are the original system's public names; tests use
 * {@link #withSuffix(String)} so each test has topics of its own.
 */
public record Topics(
    String transactions,
    String customerRisk,
    String fraudDashboard,
    String blockedCustomers,
    String fraudAlerts,
    String deadLetter,
    String rules,
    String control) {

    public static final String BANK_TRANSACTIONS = "bank_transactions";
    public static final String CUSTOMER_RISK = "customer_risk";
    public static final String FRAUD_DASHBOARD = "fraud_dashboard";
    public static final String BLOCKED_CUSTOMERS = "blocked_customers";
    public static final String FRAUD_ALERTS = "fraud_alerts";
    public static final String DEAD_LETTER = "fraudwatch_dead_letter";
    public static final String FRAUD_RULES = "fraud_rules";
    public static final String FRAUD_CONTROL = "fraud_control";

    public static Topics defaults() {
        return new Topics(BANK_TRANSACTIONS, CUSTOMER_RISK, FRAUD_DASHBOARD, BLOCKED_CUSTOMERS, FRAUD_ALERTS,
            DEAD_LETTER, FRAUD_RULES, FRAUD_CONTROL);
    }

    /** Every name with {@code suffix} appended: {@code bank_transactions_<suffix>} and so on. */
    public Topics withSuffix(String suffix) {
        String s = "_" + suffix;
        return new Topics(transactions + s, customerRisk + s, fraudDashboard + s, blockedCustomers + s,
            fraudAlerts + s, deadLetter + s, rules + s, control + s);
    }

    public List<String> all() {
        return List.of(transactions, customerRisk, fraudDashboard, blockedCustomers, fraudAlerts, deadLetter,
            rules, control);
    }

    /** Topics that hold the latest value per key and are therefore log-compacted. */
    public List<String> compacted() {
        return List.of(customerRisk, rules, control);
    }
}
