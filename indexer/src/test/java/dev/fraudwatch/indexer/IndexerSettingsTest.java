package dev.fraudwatch.indexer;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import dev.fraudwatch.indexer.es.IndexNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexerSettingsTest {

    private static IndexerSettings parse(Map<String, String> flags) {
        Map<String, String> all = new java.util.HashMap<>(flags);
        all.put("indexer.group.id", "g");
        return IndexerSettings.from(Settings.of(all));
    }

    @Test
    void blockedCustomersRefreshesAndFlushesSoonerByDefaultTheOthersUseTheGeneralSettings() {
        IndexerSettings s = parse(Map.of());
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).refreshInterval()).isEqualTo("250ms");
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).flushInterval()).isEqualTo(Duration.ofMillis(50));
        for (String index : new String[] {IndexNames.CUSTOMER_RISK, IndexNames.FRAUD_DASHBOARD,
            IndexNames.FRAUD_ALERTS}) {
            assertThat(s.forIndex(index).refreshInterval()).as(index).isEmpty();
            assertThat(s.forIndex(index).flushInterval()).as(index).isEqualTo(Duration.ofMillis(250));
            assertThat(s.forIndex(index).maxActions()).as(index).isEqualTo(5000);
        }
    }

    @Test
    void perIndexValueWinsAndAnEmptyOneFallsBackToTheGeneralSetting() {
        IndexerSettings s = parse(Map.of("elasticsearch.index.refresh-interval", "2s",
            "indexer.bulk.flush-interval-ms", "400",
            "elasticsearch.index.customer_risk.refresh-interval", "30s",
            "indexer.bulk.customer_risk.flush-interval-ms", "1000",
            "indexer.bulk.customer_risk.max-actions", "800",
            "elasticsearch.index.blocked_customers.refresh-interval", "",
            "indexer.bulk.blocked_customers.flush-interval-ms", " "));
        assertThat(s.forIndex(IndexNames.CUSTOMER_RISK).refreshInterval()).isEqualTo("30s");
        assertThat(s.forIndex(IndexNames.CUSTOMER_RISK).flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.forIndex(IndexNames.CUSTOMER_RISK).maxActions()).isEqualTo(800);
        assertThat(s.forIndex(IndexNames.FRAUD_DASHBOARD).maxActions()).isEqualTo(5000);
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).refreshInterval()).isEqualTo("2s");
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).flushInterval()).isEqualTo(Duration.ofMillis(400));
        assertThat(s.forIndex(IndexNames.FRAUD_ALERTS).refreshInterval()).isEqualTo("2s");
        // other fields are carried over unchanged
        assertThat(s.forIndex(IndexNames.CUSTOMER_RISK).maxBytes()).isEqualTo(s.maxBytes());
        assertThat(s.forIndex(IndexNames.CUSTOMER_RISK).groupId()).isEqualTo("g");
    }

    @Test
    void perIndexSettingsAreReadFromTheEnvironmentToo() {
        Settings env = Settings.load(null, false, null, Map.of("indexer.group.id", "g"),
            Map.of("FW_ELASTICSEARCH_INDEX_FRAUD_DASHBOARD_REFRESH_INTERVAL", "5s",
                "FW_INDEXER_BULK_FRAUD_ALERTS_FLUSH_INTERVAL_MS", "0"));
        IndexerSettings s = IndexerSettings.from(env);
        assertThat(s.forIndex(IndexNames.FRAUD_DASHBOARD).refreshInterval()).isEqualTo("5s");
        assertThat(s.forIndex(IndexNames.FRAUD_ALERTS).flushInterval()).isZero();
    }

    @Test
    void withoutIndexOverridesEveryIndexGetsTheGeneralIntervals() {
        IndexerSettings s = parse(Map.of("indexer.bulk.blocked_customers.max-actions", "10")).withoutIndexOverrides();
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).refreshInterval()).isEmpty();
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.forIndex(IndexNames.BLOCKED_CUSTOMERS).maxActions()).isEqualTo(5000);
    }

    @Test
    void refusesARefreshIntervalElasticsearchWouldNotTakeNamingTheSetting() {
        assertThatThrownBy(() -> parse(Map.of("elasticsearch.index.fraud_alerts.refresh-interval", "250")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("elasticsearch.index.fraud_alerts.refresh-interval").hasMessageContaining("'250'");
        assertThatThrownBy(() -> parse(Map.of("elasticsearch.index.refresh-interval", "1 s")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.index.refresh-interval");
        assertThat(parse(Map.of("elasticsearch.index.refresh-interval", "-1")).refreshInterval()).isEqualTo("-1");
    }

    @Test
    void refusesAPerIndexBulkSizeBelowOne() {
        assertThatThrownBy(() -> parse(Map.of("indexer.bulk.customer_risk.max-actions", "0")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("indexer.bulk.customer_risk.max-actions");
    }

    @Test
    void refusesANegativeOrNonNumericFlushInterval() {
        assertThatThrownBy(() -> parse(Map.of("indexer.bulk.blocked_customers.flush-interval-ms", "-5")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("indexer.bulk.blocked_customers.flush-interval-ms");
        assertThatThrownBy(() -> parse(Map.of("indexer.bulk.flush-interval-ms", "-1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("indexer.bulk.flush-interval-ms");
        assertThatThrownBy(() -> parse(Map.of("indexer.bulk.fraud_alerts.flush-interval-ms", "50ms")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("indexer.bulk.fraud_alerts.flush-interval-ms");
    }
}
