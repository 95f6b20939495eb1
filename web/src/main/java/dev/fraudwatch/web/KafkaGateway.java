package dev.fraudwatch.web;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the web service writes to Kafka: blocked customers received over the webhook (so they are durable and
 * reach the indexer and alert engine like any other) and analysts' block/unblock commands on the control topic.
 * Each send waits for the broker's acknowledgement, so a 2xx answer means the record is stored.
 */
public final class KafkaGateway implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    public KafkaGateway(KafkaSettings kafka) {
        this.kafka = kafka;
        Properties p = KafkaClients.reliableProducer(kafka.clientProps());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(SEND_TIMEOUT.toMillis() - 1000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p);
        Properties a = kafka.clientProps();
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        this.admin = Admin.create(a);
    }

    /** Appends a blocked customer to {@code blocked_customers}, keyed by account, with the given record time. */
    public void publishBlocked(long timestampMillis, BlockedCustomer c) {
        send(new ProducerRecord<>(kafka.topics().blockedCustomers(), null, timestampMillis, key(c.accountNumber()),
            Json.toBytes(c)));
    }

    /** Publishes an analyst's decision on the control topic, keyed by account (the detector's state key). */
    public void publishCommand(AccountCommand cmd) {
        send(new ProducerRecord<>(kafka.topics().control(), key(cmd.accountNumber()), Json.toBytes(cmd)));
    }

    /** Null when the cluster answers within a few seconds, else why not. */
    public String healthProblem() {
        try {
            admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return "Kafka at " + kafka.bootstrapServers() + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "Kafka at " + kafka.bootstrapServers() + " did not answer within 3 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : "no acknowledgement in time";
            throw new ApiError(503, "Kafka did not accept the record for topic '" + record.topic() + "': " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "Interrupted while writing to Kafka.");
        }
    }

    private static byte[] key(String account) {
        return account.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }
}
