package dev.fraudwatch.web;

import dev.fraudwatch.indexer.es.IndexNames;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.ObjectBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ChartQueries} and {@link RiskRepository} over the indexer's Elasticsearch indices, with the official
 * Java client. Every search tolerates a missing index (empty answer), so the dashboard works before the first
 * document is indexed.
 */
public final class EsDashboardQueries implements ChartQueries, RiskRepository {

    private static final String ACCOUNT = "Account Number";
    private static final String RISK_LEVEL = "Risk_Level";
    private static final String TX_TIME = "Transaction Time";
    private static final String WIN_START = "win_start";
    private static final String DECIDED_AT = "Decided_At";
    private static final long MINUTE = 60_000L;

    private final ElasticsearchClient client;
    private final IndexNames indices;

    public EsDashboardQueries(ElasticsearchClient client, IndexNames indices) {
        this.client = client;
        this.indices = indices;
    }

    @Override
    public Summary summary() {
        return new Summary(count(indices.customerRisk(), null),
            count(indices.customerRisk(), Query.of(q -> q.term(t -> t.field(RISK_LEVEL).value("High Risk")))),
            count(indices.blockedCustomers(), null), count(indices.fraudAlerts(), null));
    }

    @Override
    public List<Bucket> riskLevels() {
        Aggregate agg = aggregate(indices.customerRisk(), null, "levels",
            a -> a.terms(t -> t.field(RISK_LEVEL).size(10)));
        return termBuckets(agg).stream().map(b -> new Bucket(b.key().stringValue(), b.docCount())).toList();
    }

    @Override
    public List<Bucket> averageAmountByRiskLevel() {
        Aggregate agg = aggregate(indices.customerRisk(), null, "levels",
            a -> a.terms(t -> t.field(RISK_LEVEL).size(10))
                .aggregations("avg", sub -> sub.avg(v -> v.field("Avg_Amount"))));
        return termBuckets(agg).stream()
            .map(b -> new Bucket(b.key().stringValue(), round2(b.aggregations().get("avg").avg().value())))
            .toList();
    }

    @Override
    public List<JsonNode> topFraudCustomers(int limit) {
        return sources(search(s -> s.index(indices.customerRisk()).size(limit)
            .sort(o -> o.field(f -> f.field("Fraud_Txns").order(SortOrder.Desc).unmappedType(FieldType.Long)))
            .sort(o -> o.field(f -> f.field("Total_Txns").order(SortOrder.Desc).unmappedType(FieldType.Long)))));
    }

    @Override
    public List<TimeBucket> blockedPerMinute(int minutes) {
        Optional<Query> recent = lastMinutes(indices.blockedCustomers(), TX_TIME, minutes);
        if (recent.isEmpty()) {
            return List.of();
        }
        Aggregate agg = aggregate(indices.blockedCustomers(), recent.get(), "perMinute",
            a -> a.dateHistogram(h -> h.field(TX_TIME).fixedInterval(t -> t.time("1m")).minDocCount(0)));
        if (agg == null) {
            return List.of();
        }
        return agg.dateHistogram().buckets().array().stream()
            .map(b -> new TimeBucket(b.key(), b.docCount())).toList();
    }

    @Override
    public List<Bucket> fraudByDevice(int minutes) {
        return metricByKey("fraud_count_by_device", minutes, true);
    }

    @Override
    public List<Bucket> fraudPercentByCard(int minutes) {
        return metricByKey("fraud_percentage_by_card", minutes, false);
    }

    @Override
    public List<JsonNode> recentAlerts(int limit) {
        return sources(search(s -> s.index(indices.fraudAlerts()).size(limit).sort(o -> o.field(
            f -> f.field(DECIDED_AT).order(SortOrder.Desc).unmappedType(FieldType.Keyword)))));
    }

    @Override
    public Optional<JsonNode> risk(String account) {
        return sources(search(s -> s.index(indices.customerRisk()).size(1)
            .query(q -> q.term(t -> t.field(ACCOUNT).value(account))))).stream().findFirst();
    }

    @Override
    public List<JsonNode> alerts(String account, int limit) {
        return sources(search(s -> s.index(indices.fraudAlerts()).size(limit)
            .query(q -> q.term(t -> t.field(ACCOUNT).value(account)))
            .sort(o -> o.field(f -> f.field(DECIDED_AT).order(SortOrder.Desc).unmappedType(FieldType.Keyword)))));
    }

    @Override
    public String healthProblem() {
        try {
            var health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
            return health.status().jsonValue().equals("red") ? "Elasticsearch cluster status is red" : null;
        } catch (IOException | RuntimeException e) {
            return "Elasticsearch: " + e.getMessage();
        }
    }

    /**
     * Sum (counts) or mean (percentages) of {@code metric_value} per {@code metric_key} over the windows of the
     * last {@code minutes} minutes before the newest window, largest first.
     */
    private List<Bucket> metricByKey(String metricType, int minutes, boolean sum) {
        Query type = Query.of(q -> q.term(t -> t.field("metric_type").value(metricType)));
        Optional<Query> recent = lastMinutes(indices.fraudDashboard(), WIN_START, minutes, type);
        if (recent.isEmpty()) {
            return List.of();
        }
        Query both = Query.of(q -> q.bool(b -> b.filter(type).filter(recent.get())));
        Aggregate agg = aggregate(indices.fraudDashboard(), both, "byKey",
            a -> a.terms(t -> t.field("metric_key").size(20)).aggregations("v",
                sub -> sum ? sub.sum(v -> v.field("metric_value")) : sub.avg(v -> v.field("metric_value"))));
        return termBuckets(agg).stream().map(b -> {
            Aggregate v = b.aggregations().get("v");
            return new Bucket(b.key().stringValue(), round2(sum ? v.sum().value() : v.avg().value()));
        }).sorted((x, y) -> Double.compare(y.value(), x.value())).toList();
    }

    /**
     * A range filter covering the {@code minutes} minutes up to the newest value of {@code field}. Relative to the
     * data, not the wall clock: record times are local times without a zone, and a replayed day still charts.
     */
    private Optional<Query> lastMinutes(String index, String field, int minutes, Query... filters) {
        SearchResponse<Void> r = search(s -> s.index(index).size(0)
            .query(q -> q.bool(b -> b.filter(List.of(filters))))
            .aggregations("max", a -> a.max(m -> m.field(field))), Void.class);
        if (r == null || r.hits().total() == null || r.hits().total().value() == 0
            || r.aggregations().get("max") == null) {
            return Optional.empty();
        }
        double max = r.aggregations().get("max").max().value();
        if (!Double.isFinite(max)) {
            return Optional.empty();
        }
        long to = (long) max;
        long from = (to / MINUTE - minutes + 1) * MINUTE;
        return Optional.of(Query.of(q -> q.range(rg -> rg.date(d -> d.field(field).format("epoch_millis")
            .gte(Long.toString(from)).lte(Long.toString(to))))));
    }

    private long count(String index, Query query) {
        try {
            return client.count(c -> {
                c.index(index).ignoreUnavailable(true).allowNoIndices(true);
                return query == null ? c : c.query(query);
            }).count();
        } catch (IOException e) {
            throw new ApiError(503, "Elasticsearch is unreachable: " + e.getMessage());
        }
    }

    private Aggregate aggregate(String index, Query query, String name,
                                Function<Aggregation.Builder, ObjectBuilder<Aggregation>> agg) {
        SearchResponse<Void> r = search(s -> {
            s.index(index).size(0).aggregations(name, agg);
            return query == null ? s : s.query(query);
        }, Void.class);
        return r == null ? null : r.aggregations().get(name);
    }

    private static List<StringTermsBucket> termBuckets(Aggregate agg) {
        return agg == null || !agg.isSterms() ? List.of() : agg.sterms().buckets().array();
    }

    /** Documents as maps: the client's Jackson mapper cannot decode into a JsonNode tree from its parser. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private SearchResponse<Map<String, Object>> search(
        Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> req) {
        return (SearchResponse) search(req, Map.class);
    }

    private <T> SearchResponse<T> search(Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> req,
                                         Class<T> type) {
        try {
            return client.search(s -> req.apply(s.ignoreUnavailable(true).allowNoIndices(true)), type);
        } catch (IOException e) {
            throw new ApiError(503, "Elasticsearch is unreachable: " + e.getMessage());
        } catch (ElasticsearchException e) {
            throw new ApiError(502, "Elasticsearch refused the query: " + e.getMessage());
        }
    }

    private static List<JsonNode> sources(SearchResponse<Map<String, Object>> r) {
        if (r == null) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (Hit<Map<String, Object>> h : r.hits().hits()) {
            out.add(Json.MAPPER.valueToTree(Objects.requireNonNull(h.source(), "document without _source")));
        }
        return out;
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0;
    }
}
