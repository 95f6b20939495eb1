package dev.fraudwatch.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.rules.DecisionEngine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads the decisions as any downstream consumer would, from the moment it starts: each {@code fraud_alerts}
 * record's decision latency is its read time minus the time its transaction was produced, which the
 * {@link EventClock} gives from its {@code Transaction Time} (on the wall clock the simulator stamps the time it
 * produces the record; on the bench's faster simulated clock the clock maps it back); each {@code blocked_customers} record goes to a listener with
 * its read time. Retroactive alerts (about a burst's first transaction, decided earlier as ALLOW) are skipped:
 * their transaction time is not when the decision was asked for.
 */
final class DecisionWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String alertsTopic;
    private final List<LatencyWindow> windows = new CopyOnWriteArrayList<>();
    private final BlockedListener blocked;
    private final Thread thread;
    private final ZoneId zone = ZoneId.systemDefault();
    private volatile long alertsRead;
    private final Set<String> blockedAccounts = ConcurrentHashMap.newKeySet();
    private final EventClock clock = new EventClock();

    DecisionWatcher(KafkaSettings kafka, BlockedListener blocked) {
        this.alertsTopic = kafka.topics().fraudAlerts();
        this.blocked = blocked;
        this.consumer = new KafkaConsumer<>(kafka.clientProps(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(alertsTopic, kafka.topics().blockedCustomers())) {
            consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, before anything is produced
        thread = new Thread(this::loop, "bench-decisions");
        thread.setDaemon(true);
        thread.start();
    }

    /** Receives each blocked transaction with the time it was read. */
    interface BlockedListener {
        void blocked(String transactionId, double amount, long readMillis);
    }

    /** Maps transaction times to the wall-clock times they were produced at. */
    EventClock clock() {
        return clock;
    }

    /** Starts recording the latencies of transactions produced within the window. */
    void add(LatencyWindow w) {
        windows.add(w);
    }

    /** The accounts of the blocked transactions read since the last call (each once). */
    List<String> takeBlockedAccounts() {
        List<String> taken = new ArrayList<>(blockedAccounts);
        taken.forEach(blockedAccounts::remove);
        return taken;
    }

    long alertsRead() {
        return alertsRead;
    }

    private void loop() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Instant read = Instant.now();
                    handle(r, read);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, Instant read) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException e) {
            return; // not ours to judge; the detector wrote it
        }
        String id = n.path("Transaction ID").asText();
        if (!r.topic().equals(alertsTopic)) {
            blockedAccounts.add(n.path("Account Number").asText());
            blocked.blocked(id, n.path("Current Transaction Amount").asDouble(), read.toEpochMilli());
            return;
        }
        alertsRead++;
        if (retroactive(n)) {
            return;
        }
        Instant produced = TransactionTime.parse(n.path("Transaction Time").asText()).atZone(zone).toInstant();
        long producedMicros = clock.wallMicros(produced.getEpochSecond() * 1_000_000 + produced.getNano() / 1000);
        long readMicros = read.getEpochSecond() * 1_000_000 + read.getNano() / 1000;
        for (LatencyWindow w : windows) {
            if (w.covers(producedMicros)) {
                w.record(readMicros - producedMicros);
            }
        }
    }

    private static boolean retroactive(JsonNode alert) {
        for (JsonNode rule : alert.path("Fired_Rules")) {
            if (rule.path("evidence").path(DecisionEngine.RETROACTIVE).asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
