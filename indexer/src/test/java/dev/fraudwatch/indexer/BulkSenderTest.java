package dev.fraudwatch.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpServer;
import dev.fraudwatch.indexer.es.ElasticsearchSettings;
import dev.fraudwatch.indexer.es.EsClientFactory;
import dev.fraudwatch.indexer.es.IndexNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BulkSenderTest {

    /**
     * Stopping the indexer interrupts a bulk still on the wire: that is the stop, not a failure (before: an ERROR
     * "writing a bulk failed" with a stack trace on every stop of a busy indexer). The bulk stays unacknowledged, so
     * its offsets are not committed and its records are read again.
     */
    @Test
    void closeDuringABulkRequestIsNoFailureAndLeavesTheBulkUnacknowledged() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer slowElasticsearch = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slowElasticsearch.createContext("/", exchange -> {
            requested.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // never answers while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        slowElasticsearch.start();
        String url = "http://127.0.0.1:" + slowElasticsearch.getAddress().getPort();
        CommitTracker tracker = new CommitTracker(2);
        try (ElasticsearchClient client = EsClientFactory.create(ElasticsearchSettings.local(url,
            IndexNames.defaults()))) {
            BulkSender sender = new BulkSender("customer_risk", new BulkWriter(client), tracker, new IndexerMetrics(),
                IndexerSettings.defaults("g"), (r, reason) -> {
                    throw new AssertionError("nothing goes to the dead-letter topic: " + reason);
                });
            TopicPartition p0 = new TopicPartition("t", 0);
            PendingDocument doc = new PendingDocument(new ConsumerRecord<>("t", 0, 0L, null, null), "id-1",
                "{}".getBytes(StandardCharsets.UTF_8));
            sender.submit(tracker.begin(List.of(doc), Map.of(p0, 1L), Map.of(p0, 1L), List.of()));
            assertThat(requested.await(30, TimeUnit.SECONDS)).as("bulk request sent").isTrue();

            sender.close();

            assertThat(sender.failure()).as("failure reported to the consumer thread").isNull();
            assertThat(tracker.takeCommittable().offsets()).as("offsets to commit").isEmpty();
            assertThat(tracker.inFlight()).as("bulks not acknowledged").isEqualTo(1);
        } finally {
            release.countDown();
            slowElasticsearch.stop(0);
        }
    }
}
