package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the {@link BlockedStore} from {@code blocked_customers}. On start it reads the tail of every partition
 * (the last {@code capacity} records of each) so the store is rebuilt after a restart, returns once it has caught
 * up, then follows the topic on its own thread. It assigns partitions itself instead of joining a consumer group:
 * every web instance needs the whole tail, and there is no position worth committing.
 */
public final class BlockedCustomersFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockedCustomersFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSettings kafka;
    private final BlockedStore store;
    private final AtomicLong rejected = new AtomicLong();
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private volatile boolean running;

    public BlockedCustomersFeed(KafkaSettings kafka, BlockedStore store) {
        this.kafka = kafka;
        this.store = store;
    }

    /** Rebuilds the store from the topic's tail, then follows the topic. Throws when that takes over {@code timeout}. */
    public void start(Duration timeout) {
        String topic = kafka.topics().blockedCustomers();
        consumer = new KafkaConsumer<>(consumerProps());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        // A topic created a moment ago may not be in the broker's metadata yet: ask again until the deadline.
        while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
            sleepQuietly();
            infos = consumer.partitionsFor(topic, timeout);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Kafka topic '" + topic + "' does not exist at "
                + kafka.bootstrapServers() + "; create FraudWatch's topics first (fraudwatch up does).");
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        for (TopicPartition tp : parts) {
            consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - store.capacity()));
        }
        int restored = 0;
        while (!caughtUp(parts, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read the tail of Kafka topic '" + topic + "' within "
                    + timeout.toSeconds() + " s.");
            }
            restored += drain();
        }
        LOG.info("Rebuilt the blocked-customer list from {} records of '{}' ({} kept)", restored, topic, store.size());
        running = true;
        thread = new Thread(this::follow, "web-blocked-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic metadata", e);
        }
    }

    /** Records on the topic that were not a valid blocked customer (skipped; the topic's producer owns them). */
    public long rejected() {
        return rejected.get();
    }

    private boolean caughtUp(List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void follow() {
        try {
            while (running) {
                drain();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Blocked-customer feed woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Blocked-customer feed stopped: the live list no longer updates", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private int drain() {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            n++;
            try {
                JsonNode node = Json.MAPPER.readTree(r.value() == null ? new byte[0] : r.value());
                store.add(r.timestamp(), BlockedCustomerValidator.validateFromTopic(node));
            } catch (IOException | ApiError e) {
                rejected.incrementAndGet();
                LOG.warn("Skipping record {}-{}@{} of the blocked-customer topic: {}", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            }
        }
        return n;
    }

    private Properties consumerProps() {
        // read_committed: never show a blocked customer whose transaction was rolled back.
        return KafkaClients.consumer(kafka.clientProps());
    }

    @Override
    public void close() {
        if (thread != null) {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
