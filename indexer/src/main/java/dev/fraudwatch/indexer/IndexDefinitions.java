package dev.fraudwatch.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.es.IndexNames;

import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/** FraudWatch's four indexed topics, with the contract's ids; field names as in the {@code core.model} records. */
public final class IndexDefinitions {

    public static final String ACCOUNT_NUMBER = "Account Number";
    public static final String TRANSACTION_ID = "Transaction ID";
    public static final String LAST_UPDATED = "Last_Updated";

    private IndexDefinitions() {
    }

    public static List<IndexDefinition> standard(Topics topics, IndexNames indices, Clock clock) {
        return List.of(customerRisk(topics.customerRisk(), indices.customerRisk(), clock),
            blockedCustomers(topics.blockedCustomers(), indices.blockedCustomers()),
            fraudDashboard(topics.fraudDashboard(), indices.fraudDashboard()),
            fraudAlerts(topics.fraudAlerts(), indices.fraudAlerts()));
    }

    /** One document per account, updated in place; the upsert stream's tombstone deletes it. */
    public static IndexDefinition customerRisk(String topic, String index, Clock clock) {
        UnaryOperator<ObjectNode> stamp = doc -> doc.put(LAST_UPDATED, clock.instant().toString());
        return new IndexDefinition(topic, index, IndexNames.CUSTOMER_RISK,
            DocumentId.keyField(ACCOUNT_NUMBER), stamp, true);
    }

    public static IndexDefinition blockedCustomers(String topic, String index) {
        return new IndexDefinition(topic, index, IndexNames.BLOCKED_CUSTOMERS,
            DocumentId.field(TRANSACTION_ID), IndexDefinition.UNCHANGED, false);
    }

    /** One document per window, metric and key: a re-emitted window result replaces the earlier one. */
    public static IndexDefinition fraudDashboard(String topic, String index) {
        return new IndexDefinition(topic, index, IndexNames.FRAUD_DASHBOARD,
            DocumentId.fields("win_start", "metric_type", "metric_key"), IndexDefinition.UNCHANGED, false);
    }

    public static IndexDefinition fraudAlerts(String topic, String index) {
        return new IndexDefinition(topic, index, IndexNames.FRAUD_ALERTS,
            DocumentId.field(TRANSACTION_ID), IndexDefinition.UNCHANGED, false);
    }
}
