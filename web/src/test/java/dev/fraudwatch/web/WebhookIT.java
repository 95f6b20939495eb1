package dev.fraudwatch.web;

import dev.fraudwatch.indexer.es.IndexNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.ConfigException;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The webhook and REST endpoints over real HTTP, against a real Kafka broker. */
class WebhookIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private final List<WebService> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(WebService::close);
    }

    private Http start(WebConfig config, KafkaSettings topics) {
        EsDashboardQueries es = new EsDashboardQueries(Http.unreachableElasticsearch(), IndexNames.defaults());
        WebService s = new WebService(config, topics, es, es, null);
        started.add(s);
        s.start();
        return new Http(s.port());
    }

    private static List<String> txIds(HttpResponse<String> r) {
        List<String> out = new ArrayList<>();
        Http.json(r).forEach(n -> out.add(n.get("Transaction ID").asText()));
        return out;
    }

    @Test
    void storesPostedCustomersAndListsTheNewestFirstUpToTheLimit() {
        Http http = start(WebConfig.local(0), kafka.newTopics());
        for (int i = 1; i <= 12; i++) {
            HttpResponse<String> r = http.post("/block-customer", Json.toString(Fixtures.blocked(i)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        HttpResponse<String> list = http.get("/get-blocked-customers");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(txIds(list)).containsExactlyElementsOf(
            IntStream.iterate(12, i -> i - 1).limit(10).mapToObj(Fixtures::txId).toList());
        // Same JSON shape as the original: a list of the blocked-customer objects.
        assertThat(Json.fromString(list.body(), BlockedCustomer[].class)[0]).isEqualTo(Fixtures.blocked(12));
        assertThat(txIds(http.get("/get-blocked-customers?limit=3")))
            .containsExactly(Fixtures.txId(12), Fixtures.txId(11), Fixtures.txId(10));
        assertThat(http.get("/get-blocked-customers?limit=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void answersBadJsonAndBadFieldsWith400NamingTheProblem() {
        Http http = start(WebConfig.local(0), kafka.newTopics());
        HttpResponse<String> broken = http.post("/block-customer", "{\"Name\": \"x\",");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(Http.json(broken).get("error").asText()).contains("not valid JSON");

        String noAccount = Json.toString(Fixtures.blocked(1)).replace("\"Account Number\"", "\"Account\"");
        HttpResponse<String> missing = http.post("/block-customer", noAccount);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Http.json(missing).get("error").asText()).contains("'Account Number' is missing");

        String textAmount = Json.toString(Fixtures.blocked(1)).replace("51000.5", "\"51000.5\"");
        HttpResponse<String> wrongType = http.post("/block-customer", textAmount);
        assertThat(Http.json(wrongType).get("error").asText()).contains("'Current Transaction Amount'");
        assertThat(http.post("/block-customer", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(txIds(http.get("/get-blocked-customers"))).isEmpty();
    }

    @Test
    void refusesBodiesOverTheLimitWith413EvenWithoutContentLength() {
        Http http = start(WebConfig.local(0).withMaxBodyBytes(1024), kafka.newTopics());
        String big = Json.toString(Fixtures.blocked(1, "x".repeat(2000)));
        HttpResponse<String> declared = http.post("/block-customer", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(Http.json(declared).get("error").asText()).contains("web.max-body-bytes");
        // An input-stream body is sent chunked, with no Content-Length to check up front.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(http.url("/block-customer")))
            .POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(http.post("/block-customer", Json.toString(Fixtures.blocked(2))).statusCode()).isEqualTo(200);
    }

    @Test
    void writeEndpointsRequireTheConfiguredToken() {
        Http http = start(WebConfig.local(0).withToken("t0k3n"), kafka.newTopics());
        String body = Json.toString(Fixtures.blocked(1));
        assertThat(http.post("/block-customer", body).statusCode()).isEqualTo(401);
        assertThat(http.post("/block-customer", body, "X-FraudWatch-Token", "wrong").statusCode()).isEqualTo(401);
        assertThat(http.post("/api/customers/" + Fixtures.account(1) + "/block", "{\"by\":\"a\",\"reason\":\"b\"}")
            .statusCode()).isEqualTo(401);
        assertThat(http.post("/block-customer", body, "X-FraudWatch-Token", "t0k3n").statusCode()).isEqualTo(200);
        assertThat(http.post("/block-customer", Json.toString(Fixtures.blocked(2)), "Authorization", "Bearer t0k3n")
            .statusCode()).isEqualTo(200);
        assertThat(http.get("/get-blocked-customers").statusCode()).as("reads stay open").isEqualTo(200);
    }

    @Test
    void followsTheTopicAndRebuildsTheListAfterARestart() {
        KafkaSettings topics = kafka.newTopics();
        Http first = start(WebConfig.local(0).withToken(null), topics);
        for (int i = 1; i <= 3; i++) {
            BlockedCustomer c = Fixtures.blocked(i);
            kafka.send(topics.topics().blockedCustomers(), c.accountNumber().getBytes(StandardCharsets.UTF_8),
                Json.toBytes(c));
        }
        kafka.send(topics.topics().blockedCustomers(), null, "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(first.post("/block-customer", Json.toString(Fixtures.blocked(4))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(txIds(first.get("/get-blocked-customers")))
            .containsExactly(Fixtures.txId(4), Fixtures.txId(3), Fixtures.txId(2), Fixtures.txId(1)));
        List<String> before = txIds(first.get("/get-blocked-customers"));
        stop();
        started.clear();

        Http second = start(WebConfig.local(0), topics);
        assertThat(txIds(second.get("/get-blocked-customers"))).as("rebuilt from Kafka, nothing doubled")
            .containsExactlyElementsOf(before);
    }

    @Test
    void blockAndUnblockPublishTheAnalystsDecisionKeyedByAccount() {
        KafkaSettings topics = kafka.newTopics();
        Http http = start(WebConfig.local(0), topics);
        String account = Fixtures.account(7);
        HttpResponse<String> block = http.post("/api/customers/" + account + "/block",
            "{\"by\": \"analyst.anna\", \"reason\": \"confirmed card theft\"}");
        assertThat(block.statusCode()).as(block.body()).isEqualTo(202);
        assertThat(Http.json(block).at("/command/by").asText()).isEqualTo("analyst.anna");
        HttpResponse<String> unblock = http.post("/api/customers/" + account + "/unblock",
            "{\"by\": \"analyst.bob\", \"reason\": \"customer verified by phone\"}");
        assertThat(unblock.statusCode()).isEqualTo(202);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume(topics.topics().control(), 2, Duration.ofSeconds(10));
        assertThat(records).hasSize(2);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(account));
        AccountCommand first = Json.fromBytes(records.get(0).value(), AccountCommand.class);
        AccountCommand second = Json.fromBytes(records.get(1).value(), AccountCommand.class);
        assertThat(first.action()).isEqualTo(AccountCommand.Action.BLOCK);
        assertThat(first.by()).isEqualTo("analyst.anna");
        assertThat(first.reason()).isEqualTo("confirmed card theft");
        assertThat(first.at()).isNotBlank();
        assertThat(second.action()).isEqualTo(AccountCommand.Action.UNBLOCK);
        assertThat(second.accountNumber()).isEqualTo(account);

        HttpResponse<String> noReason = http.post("/api/customers/" + account + "/block", "{\"by\": \"x\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(Http.json(noReason).get("error").asText()).contains("'reason'");
        assertThat(http.post("/api/customers/ACC%0A12/block", "{\"by\":\"a\",\"reason\":\"b\"}").statusCode())
            .isEqualTo(400);
        assertThat(http.get("/api/customers/" + "9".repeat(101)).statusCode()).isEqualTo(400);
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIs405ListingTheMethodsItAccepts() {
        Http http = start(WebConfig.local(0), kafka.newTopics());
        HttpResponse<String> getOnPostOnly = http.get("/block-customer");
        assertThat(getOnPostOnly.statusCode()).as(getOnPostOnly.body()).isEqualTo(405);
        assertThat(getOnPostOnly.headers().firstValue("Allow")).contains("POST");
        assertThat(getOnPostOnly.headers().firstValue("Content-Type")).hasValueSatisfying(
            t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Http.json(getOnPostOnly);
        assertThat(body.get("status").asInt()).isEqualTo(405);
        assertThat(body.get("error").asText())
            .isEqualTo("Method GET is not allowed on /block-customer; allowed: POST");

        HttpResponse<String> deleteOnGetOnly = http.request("DELETE", "/get-blocked-customers");
        assertThat(deleteOnGetOnly.statusCode()).isEqualTo(405);
        assertThat(deleteOnGetOnly.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(Http.json(deleteOnGetOnly).get("error").asText()).contains("DELETE", "allowed: GET, HEAD");
        // a browser (Accept: text/html) gets the same answer, not Javalin's HTML page
        HttpResponse<String> fromBrowser = http.request("PUT", "/health", "Accept", "text/html");
        assertThat(fromBrowser.statusCode()).isEqualTo(405);
        assertThat(fromBrowser.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(Http.json(fromBrowser).get("status").asInt()).isEqualTo(405);

        String account = Fixtures.account(3);
        HttpResponse<String> getOnBlock = http.get("/api/customers/" + account + "/block");
        assertThat(getOnBlock.statusCode()).isEqualTo(405);
        assertThat(getOnBlock.headers().firstValue("Allow")).contains("POST");
        assertThat(Http.json(getOnBlock).get("error").asText())
            .isEqualTo("Method GET is not allowed on /api/customers/" + account + "/block; allowed: POST");
        HttpResponse<String> deleteCustomer = http.request("DELETE", "/api/customers/" + account);
        assertThat(deleteCustomer.statusCode()).isEqualTo(405);
        assertThat(deleteCustomer.headers().firstValue("Allow")).contains("GET, HEAD");

        assertThat(http.get("/metrics").body())
            .contains("fraudwatch_web_requests_total{method=\"GET\",route=\"unmatched\",status=\"405\"} 2.0");
    }

    @Test
    void unknownPathsStay404AndTheRightMethodsAreUnchanged() {
        Http http = start(WebConfig.local(0), kafka.newTopics());
        HttpResponse<String> unknown = http.get("/no-such-endpoint");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Allow")).isEmpty();
        assertThat(Http.json(unknown).get("status").asInt()).isEqualTo(404);
        assertThat(http.request("DELETE", "/api/customers/" + Fixtures.account(1) + "/freeze").statusCode())
            .isEqualTo(404);
        assertThat(http.request("DELETE", "/no-such-endpoint").statusCode()).isEqualTo(404);

        assertThat(http.post("/block-customer", Json.toString(Fixtures.blocked(1))).statusCode()).isEqualTo(200);
        assertThat(txIds(http.get("/get-blocked-customers"))).containsExactly(Fixtures.txId(1));
        assertThat(http.request("HEAD", "/get-blocked-customers").statusCode()).isEqualTo(200);
        HttpResponse<String> block = http.post("/api/customers/" + Fixtures.account(1) + "/block",
            "{\"by\": \"analyst.anna\", \"reason\": \"card theft\"}");
        assertThat(block.statusCode()).as(block.body()).isEqualTo(202);
        assertThat(http.get("/").statusCode()).as("the dashboard's static files").isEqualTo(200);
        assertThat(http.get("/metrics").body())
            .contains("fraudwatch_web_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1.0")
            .contains("fraudwatch_web_requests_total{method=\"DELETE\",route=\"unmatched\",status=\"404\"} 2.0")
            .contains("route=\"/get-blocked-customers\",status=\"200\"} 1.0");
    }

    @Test
    void healthNamesTheUnreachableStoreAndMetricsCountRequests() {
        Http http = start(WebConfig.local(0), kafka.newTopics());
        http.post("/block-customer", Json.toString(Fixtures.blocked(1)));
        HttpResponse<String> health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode h = Http.json(health);
        assertThat(h.get("kafka").asText()).isEqualTo("UP");
        assertThat(h.get("elasticsearch").asText()).startsWith("DOWN");

        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("fraudwatch_web_requests_total{method=\"POST\",route=\"/block-customer\",status=\"200\"} 1.0");
        assertThat(metrics).contains("fraudwatch_web_blocked_store_size 1.0");
        assertThat(metrics).contains("fraudwatch_web_sse_clients 0.0");
    }

    @Test
    void aBusyPortIsOneSentenceNamingTheSetting() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebConfig config = WebConfig.local(busy.getLocalPort());
            assertThatThrownBy(() -> start(config, kafka.newTopics()))
                .isInstanceOf(Ports.PortInUseException.class).hasMessageContaining("'web.port'")
                .hasMessageContaining(Integer.toString(busy.getLocalPort()));
        }
        assertThatThrownBy(() -> new WebConfig("0.0.0.0", 0, java.util.Optional.empty(), 1024, 10, 10, 10))
            .isInstanceOf(ConfigException.class).hasMessageContaining("web.token");
    }
}
