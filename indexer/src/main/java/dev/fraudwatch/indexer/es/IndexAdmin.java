package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.json.JsonData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates FraudWatch's index templates and indices idempotently at start-up. The template (matching exactly the
 * index name) makes an index that is deleted while the indexer runs come back with the right mapping rather than
 * a dynamic one; an index that already exists gets the mapping merged in (new fields are added, a conflicting
 * change fails start-up with Elasticsearch's reason).
 */
public final class IndexAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(IndexAdmin.class);
    private static final String TEMPLATE_PREFIX = "fraudwatch-";

    private IndexAdmin() {
    }

    /** Makes sure {@code index} exists with {@code mappingJson}, 1 shard and 0 replicas (single node: green). */
    public static void ensureIndex(ElasticsearchClient client, String index, String mappingJson) throws IOException {
        ensureIndex(client, index, mappingJson, 1, "");
    }

    /**
     * Makes sure {@code index} exists with {@code mappingJson}, {@code shards} primary shards (for a new index) and 0
     * replicas; a non-empty {@code refreshInterval} (e.g. {@code 5s}) is set on a new index and applied to an
     * existing one.
     */
    public static void ensureIndex(ElasticsearchClient client, String index, String mappingJson, int shards,
                                   String refreshInterval) throws IOException {
        boolean refresh = refreshInterval != null && !refreshInterval.isBlank();
        IndexSettings settings = IndexSettings.of(s -> {
            s.numberOfShards(Integer.toString(shards)).numberOfReplicas("0");
            if (refresh) {
                s.refreshInterval(t -> t.time(refreshInterval));
            }
            return s;
        });
        client.indices().putIndexTemplate(t -> t.name(TEMPLATE_PREFIX + index).indexPatterns(index).priority(500L)
            .meta("managed_by", JsonData.of("fraudwatch"))
            .template(tt -> tt.settings(settings).mappings(mapping(mappingJson))));
        if (client.indices().exists(e -> e.index(index)).value()) {
            client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mappingJson)));
            if (refresh) {
                client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(
                    t -> t.time(refreshInterval))));
            }
            LOG.info("index {} exists; mapping up to date", index);
            return;
        }
        try {
            client.indices().create(c -> c.index(index).settings(settings).mappings(mapping(mappingJson)));
            LOG.info("created index {} ({} shards, refresh interval {})", index, shards,
                refresh ? refreshInterval : "default");
        } catch (ElasticsearchException e) {
            // created concurrently by another indexer instance: that is the idempotent outcome we want
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /**
     * Sets the cluster's disk watermarks ({@code low}, {@code high}, {@code flood_stage}) persistently; used for an
     * external cluster only when the user configured them.
     */
    public static void applyDiskWatermarks(ElasticsearchClient client, Map<String, String> watermarks)
        throws IOException {
        if (watermarks.isEmpty()) {
            return;
        }
        Map<String, JsonData> persistent = new HashMap<>();
        watermarks.forEach((k, v) -> persistent.put("cluster.routing.allocation.disk.watermark." + k,
            JsonData.of(v)));
        client.cluster().putSettings(p -> p.persistent(persistent));
        LOG.info("disk watermarks set on the cluster: {}", watermarks);
    }

    private static TypeMapping mapping(String json) {
        return TypeMapping.of(m -> m.withJson(new StringReader(json)));
    }
}
