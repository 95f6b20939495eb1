package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedElasticsearchConfigTest {

    @Test
    void heapThatJavaWouldRefuseStopsWithTheSettingsName() {
        // before: the node's launcher failed with "Invalid initial heap size: -Xmslots" and a stack trace
        for (String bad : new String[]{"lots", "640 m", "-1g", "1.5g", "0"}) {
            assertThatThrownBy(() -> EmbeddedElasticsearch.Config.from(
                Settings.of(Map.of(EmbeddedElasticsearch.HEAP, bad))))
                .as(bad).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'elasticsearch.embedded.heap'").hasMessageContaining(bad);
        }
    }

    @Test
    void heapSizesJavaTakesAreKept() {
        for (String good : new String[]{"640m", "1g", "1G", "524288k", "1073741824"}) {
            assertThat(EmbeddedElasticsearch.Config.heap(Settings.of(Map.of(EmbeddedElasticsearch.HEAP, good))))
                .isEqualTo(good);
        }
    }
}
