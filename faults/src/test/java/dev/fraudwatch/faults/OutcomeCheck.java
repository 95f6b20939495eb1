package dev.fraudwatch.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.core.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact outcome of the first n chunks of {@link Traffic}, checked where users see it: the blocked_customers
 * topic (distinct ids: the decision sink is at-least-once), the Elasticsearch index and the web service's list
 * (each id exactly once), the mails (each id in exactly one alert), the dead-letter topic (each bad record and each
 * repeat exactly once, with a reason), and at the end the per-account transaction counts of customer_risk.
 */
final class OutcomeCheck implements AutoCloseable {

    static final int WEB_KEEP = 20_000;

    private final Traffic traffic;
    private final String esUrl;
    private final String webUrl;
    private final Mailbox mailbox;
    private final TopicTail blockedTopic;
    private final TopicTail deadLetters;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Late copies the detector dead-lettered (allowed: decided and counted all the same), for the report. */
    int lateCopies;
    int blockedRecordsInTopic;
    /**
     * Message-IDs received more than once, with their number of copies: identical resends of a mail after the
     * kill -9 (the server accepted it, the process died before the ledger marked it sent). Allowed and reported.
     */
    Map<String, Integer> resentMails = Map.of();

    OutcomeCheck(Traffic traffic, String bootstrapServers, String esUrl, String webUrl, Mailbox mailbox) {
        this.traffic = traffic;
        this.esUrl = esUrl;
        this.webUrl = webUrl;
        this.mailbox = mailbox;
        this.blockedTopic = new TopicTail(bootstrapServers, Topics.BLOCKED_CUSTOMERS, false);
        this.deadLetters = new TopicTail(bootstrapServers, Topics.DEAD_LETTER, true);
    }

    /**
     * Everything that must have come out of the first {@code n} chunks, and nothing else. Mails: each transaction
     * under exactly one distinct Message-ID, also after the kill -9; a Message-ID may arrive more than once only as
     * the same mail (same transactions), which a mail store collapses; those copies are counted in
     * {@link #resentMails}.
     */
    void assertThrough(int n) throws IOException, InterruptedException {
        Set<String> expected = traffic.blockedThrough(n);
        List<ConsumerRecord<byte[], byte[]>> blocked = blockedTopic.readToEnd();
        blockedRecordsInTopic = blocked.size();
        Set<String> inTopic = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : blocked) {
            inTopic.add(Json.MAPPER.readTree(r.value()).path("Transaction ID").asText());
        }
        assertThat(inTopic).as("distinct ids in topic blocked_customers").hasSameSizeAs(expected)
            .containsExactlyInAnyOrderElementsOf(expected);

        assertDeadLetters(n);

        List<JsonNode> docs = esBlocked();
        assertThat(docs.stream().map(d -> d.path("Transaction ID").asText()).toList())
            .as("Elasticsearch blocked_customers, each id once").containsExactlyInAnyOrderElementsOf(expected);
        assertNamesVerbatim("Elasticsearch", docs);

        List<JsonNode> listed = new ArrayList<>();
        getJson(webUrl + "/get-blocked-customers?limit=" + WEB_KEEP).forEach(listed::add);
        assertThat(listed.stream().map(d -> d.path("Transaction ID").asText()).toList())
            .as("web /get-blocked-customers, each id once").containsExactlyInAnyOrderElementsOf(expected);
        assertNamesVerbatim("web service", listed);

        List<Mailbox.Mail> mails = mailbox.mails();
        Map<String, List<Mailbox.Mail>> copies = new HashMap<>();
        mails.forEach(m -> copies.computeIfAbsent(m.messageId(), k -> new ArrayList<>()).add(m));
        assertThat(copies).as("copies of one Message-ID report the same transactions").allSatisfy((mid, same) ->
            assertThat(same).extracting(Mailbox.Mail::transactionIds).as(mid).containsOnly(same.get(0).transactionIds()));
        Map<String, Integer> alerts = Mailbox.alertsPerTransaction(mails);
        assertThat(alerts.keySet()).as("transactions alerted by mail").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(alerts).as("distinct Message-IDs per transaction").allSatisfy((id, count) -> assertThat(count).as(id)
            .isOne());
        Map<String, Integer> resent = new HashMap<>();
        copies.forEach((mid, same) -> {
            if (same.size() > 1) {
                resent.put(mid, same.size());
            }
        });
        resentMails = resent;
        assertThat(mails).as("recipients (no header injection from names)")
            .allSatisfy(m -> assertThat(m.to()).containsOnly("analyst@localhost"));
    }

    private void assertDeadLetters(int n) throws IOException {
        Map<String, Traffic.Item> bad = traffic.itemsThrough(n, Traffic.Kind.BAD);
        Set<String> repeats = traffic.itemsThrough(n, Traffic.Kind.DUPLICATE).keySet();
        Map<String, Integer> badSeen = new HashMap<>();
        Map<String, Integer> repeatsSeen = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        int late = 0;
        for (ConsumerRecord<byte[], byte[]> r : deadLetters.readToEnd()) {
            String reason = header(r, Headers.DLQ_REASON);
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            String what = key + " (" + header(r, Headers.DLQ_SOURCE) + ": " + reason + ")";
            if (!"detector".equals(header(r, Headers.DLQ_SOURCE))
                || !Topics.BANK_TRANSACTIONS.equals(header(r, Headers.DLQ_ORIGIN_TOPIC)) || reason.isBlank()) {
                unexpected.add(what);
            } else if (bad.containsKey(key)) {
                assertThat(r.value()).as("dead letter %s keeps the original bytes", key)
                    .isEqualTo(bad.get(key).value());
                badSeen.merge(key, 1, Integer::sum);
            } else if (reason.startsWith("duplicate Transaction ID")) {
                repeatsSeen.merge(Json.MAPPER.readTree(r.value()).path("Transaction ID").asText(), 1, Integer::sum);
            } else if (reason.startsWith("late")) {
                late++;
            } else {
                unexpected.add(what);
            }
        }
        lateCopies = late;
        assertThat(unexpected).as("dead letters that are neither our bad records nor repeats").isEmpty();
        assertThat(badSeen.keySet()).as("bad records in the dead-letter topic")
            .containsExactlyInAnyOrderElementsOf(bad.keySet());
        assertThat(badSeen).as("each bad record once").allSatisfy((k, c) -> assertThat(c).as(k).isOne());
        assertThat(repeatsSeen.keySet()).as("repeated Transaction IDs in the dead-letter topic")
            .containsExactlyInAnyOrderElementsOf(repeats);
        assertThat(repeatsSeen).as("each repeat once").allSatisfy((k, c) -> assertThat(c).as(k).isOne());
    }

    /** customer_risk in Elasticsearch: every account counted every decided transaction once, repeats not. */
    void assertCustomerRisk() throws IOException, InterruptedException {
        post(esUrl + "/customer_risk/_refresh");
        Map<String, Long> seen = new HashMap<>();
        getJson(esUrl + "/customer_risk/_search?size=10000").path("hits").path("hits").forEach(h ->
            seen.put(h.path("_source").path("Account Number").asText(), h.path("_source").path("Total_Txns").asLong()));
        assertThat(seen).as("customer_risk Total_Txns per account").isEqualTo(traffic.decidedPerAccount);
    }

    private void assertNamesVerbatim(String where, List<JsonNode> records) {
        for (JsonNode r : records) {
            Traffic.Blocked b = traffic.blocked.get(r.path("Transaction ID").asText());
            if (b != null && b.transactionId().startsWith("TRN99")) {
                assertThat(r.path("Name").asText()).as("%s keeps hostile name of %s", where, b.transactionId())
                    .isEqualTo(b.name());
            }
        }
    }

    private List<JsonNode> esBlocked() throws IOException, InterruptedException {
        post(esUrl + "/blocked_customers/_refresh");
        List<JsonNode> out = new ArrayList<>();
        getJson(esUrl + "/blocked_customers/_search?size=10000").path("hits").path("hits")
            .forEach(h -> out.add(h.path("_source")));
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private void post(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
    }

    @Override
    public void close() {
        blockedTopic.close();
        deadLetters.close();
    }
}
