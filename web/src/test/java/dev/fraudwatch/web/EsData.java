package dev.fraudwatch.web;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.indexer.IndexDefinition;
import dev.fraudwatch.indexer.IndexDefinitions;
import dev.fraudwatch.indexer.es.IndexAdmin;
import dev.fraudwatch.indexer.es.IndexNames;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small, known data set indexed into the indexer's real indices (its mappings, created by its IndexAdmin),
 * so chart answers can be checked against numbers worked out from these records.
 */
final class EsData {

    static final String XSS_ACCOUNT = Fixtures.account(900);
    static final List<CustomerRisk> RISK = new ArrayList<>();
    static final List<BlockedCustomer> BLOCKED = new ArrayList<>();
    static final List<DashboardMetric> METRICS = new ArrayList<>();
    static final List<FraudAlert> ALERTS = new ArrayList<>();

    static {
        // 3 High (fraud 5,4,3), 4 Moderate (fraud 2,2,1,1), 5 Low (fraud 0); the script-injection name is High.
        RISK.add(new CustomerRisk(Fixtures.SCRIPT_NAME, XSS_ACCOUNT, 40, 5, 12_000, CustomerRisk.HIGH));
        RISK.add(new CustomerRisk("Hannah High", Fixtures.account(901), 30, 4, 9_000, CustomerRisk.HIGH));
        RISK.add(new CustomerRisk("Harry High", Fixtures.account(902), 20, 3, 6_000, CustomerRisk.HIGH));
        double[] moderateAvg = {5_500, 2_000, 1_500, 3_000};
        long[] moderateFraud = {2, 2, 1, 1};
        for (int i = 0; i < 4; i++) {
            RISK.add(new CustomerRisk("Mo Moderate " + i, Fixtures.account(910 + i), 10 + i, moderateFraud[i],
                moderateAvg[i], CustomerRisk.MODERATE));
        }
        for (int i = 0; i < 5; i++) {
            RISK.add(new CustomerRisk("Lou Low " + i, Fixtures.account(920 + i), 5 + i, 0, 1_000 + 100 * i,
                CustomerRisk.LOW));
        }
        String[] times = {"13:00:10.000001", "13:00:40.500000", "13:01:05.123456", "13:02:01", "13:02:30.000000",
            "13:02:59.999999"};
        for (int i = 0; i < times.length; i++) {
            BLOCKED.add(new BlockedCustomer("Blocked " + i, Fixtures.account(930 + i), 60_000 + i, Fixtures.txId(930 + i),
                "2024-05-01 " + times[i], BlockedCustomer.AMOUNT_REASON));
        }
        String device = DashboardMetric.FRAUD_COUNT_BY_DEVICE;
        String card = DashboardMetric.FRAUD_PERCENTAGE_BY_CARD;
        METRICS.add(new DashboardMetric("2024-05-01 11:00:00.000", device, "ATM (Card and PIN or Mobile App Login)", 100));
        METRICS.add(new DashboardMetric("2024-05-01 13:00:00.000", device, "Laptop (Web Browser)", 2));
        METRICS.add(new DashboardMetric("2024-05-01 13:01:00.000", device, "Laptop (Web Browser)", 3));
        METRICS.add(new DashboardMetric("2024-05-01 13:00:00.000", device, "Smartphone (Mobile Banking App)", 1));
        METRICS.add(new DashboardMetric("2024-05-01 13:01:00.000", device, "Smartphone (Mobile Banking App)", 1));
        METRICS.add(new DashboardMetric("2024-05-01 13:00:00.000", card, "Visa", 10));
        METRICS.add(new DashboardMetric("2024-05-01 13:01:00.000", card, "Visa", 20));
        METRICS.add(new DashboardMetric("2024-05-01 13:01:00.000", card, "MasterCard", 5));
        METRICS.add(new DashboardMetric("2024-05-01 13:01:00.000", DashboardMetric.HIGH_RISK_TXN_COUNT, "all", 7));
        for (int i = 0; i < 3; i++) {
            ALERTS.add(new FraudAlert(Fixtures.txId(940 + i), XSS_ACCOUNT, Fixtures.SCRIPT_NAME, 20_000 + i,
                "2024-05-01 13:0" + i + ":00.000000", i == 2 ? FraudAlert.Decision.BLOCK : FraudAlert.Decision.REVIEW,
                0.5 + i * 0.2, List.of(new FraudAlert.FiredRule("amount_spike", 0.5, Map.of("ratio", 12.5 + i)),
                    new FraudAlert.FiredRule("new_device", 0.2, Map.of("device", "<script>x</script>"))),
                "2024-05-01T13:0" + i + ":01Z"));
        }
    }

    private EsData() {
    }

    /** Creates the four indices with the indexer's mappings and indexes the data set, visible on return. */
    static void index(ElasticsearchClient client, IndexNames names) throws IOException {
        for (IndexDefinition d : IndexDefinitions.standard(Topics.defaults(), names, Clock.systemUTC())) {
            IndexAdmin.ensureIndex(client, d.index(), d.mappingJson());
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        RISK.forEach(r -> bulk.operations(o -> o.index(i -> i.index(names.customerRisk()).id(r.accountNumber())
            .document(r))));
        BLOCKED.forEach(b -> bulk.operations(o -> o.index(i -> i.index(names.blockedCustomers())
            .id(b.transactionId()).document(b))));
        for (int n = 0; n < METRICS.size(); n++) {
            DashboardMetric m = METRICS.get(n);
            String id = "m" + n;
            bulk.operations(o -> o.index(i -> i.index(names.fraudDashboard()).id(id).document(m)));
        }
        ALERTS.forEach(a -> bulk.operations(o -> o.index(i -> i.index(names.fraudAlerts()).id(a.transactionId())
            .document(a))));
        BulkResponse r = client.bulk(bulk.build());
        if (r.errors()) {
            throw new IllegalStateException("bulk indexing failed: " + r.items().stream()
                .filter(i -> i.error() != null).map(i -> i.error().reason()).toList());
        }
    }
}
