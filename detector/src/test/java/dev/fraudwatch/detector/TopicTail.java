package dev.fraudwatch.detector;

import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Reads a topic from its start and keeps everything read, so a test can wait for and inspect what arrived. */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicTail(String bootstrap, String topic, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tail-" + KafkaBrokerExtension.uniqueSuffix());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    List<ConsumerRecord<byte[], byte[]>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    /** Waits until {@code n} records arrived (no more checked here). */
    List<ConsumerRecord<byte[], byte[]>> awaitCount(int n, Duration timeout) {
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
            .until(() -> poll().size() >= n);
        return records;
    }

    /** Waits until {@code n} records arrived or the timeout passed; returns what arrived (for a diffing assert). */
    List<ConsumerRecord<byte[], byte[]>> awaitCountOrTimeout(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (poll().size() < n && System.nanoTime() < end) {
            poll();
        }
        return records;
    }

    /** Waits until a record whose value text satisfies {@code test} arrived. */
    void awaitValue(Predicate<String> test, Duration timeout) {
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
            .until(() -> poll().stream().anyMatch(r -> r.value() != null && test.test(text(r.value()))));
    }

    /** Keeps reading for {@code quiet} and returns everything: to check that nothing beyond the expected came. */
    List<ConsumerRecord<byte[], byte[]>> settle(Duration quiet) {
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < end) {
            poll();
        }
        return records;
    }

    List<ConsumerRecord<byte[], byte[]>> records() {
        return records;
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
