package dev.fraudwatch.kafka;

import dev.fraudwatch.core.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates FraudWatch's topics idempotently: a topic that already exists is left as it is. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** What {@link #ensureTopics} did. */
    public record Result(List<String> created, List<String> existing) {
    }

    public static Result ensureTopics(KafkaSettings kafka) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : kafka.topics().all()) {
            NewTopic t = new NewTopic(name, kafka.partitions(), kafka.replicationFactor());
            if (kafka.topics().compacted().contains(name)) {
                t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(t);
        }
        return ensure(kafka.clientProps(), topics);
    }

    /**
     * Waits until every partition of {@code names} has a leader that serves it: a topic that was just created has
     * none for a moment, and a producer that starts sending then may time out on a busy machine.
     *
     * <p>A leader in the metadata is not enough: the leader broker applies the new partition to its log manager a
     * moment after its metadata cache, and a produce request arriving in between fails with NOT_LEADER_OR_FOLLOWER.
     * An idempotent producer with several requests in flight then has its later request appended first and retries
     * the failed one with OUT_OF_ORDER_SEQUENCE_NUMBER until {@code delivery.timeout.ms} drops it: records lost
     * despite idempotence (KAFKA-15591, fixed in the broker only after Kafka 4.2; seen here in {@code SimulatorIT}).
     * So this also asks each partition's leader for its end offset, which succeeds only once the partition is open.
     */
    private static void awaitLeaders(Admin admin, List<String> names, Properties clientProps) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
                boolean ready = topics.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                    topics.values().forEach(d -> d.partitions().forEach(p ->
                        partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                    admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata not there yet, or a leader not serving its partition yet: ask again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic leaders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " on " + clientProps.get("bootstrap.servers")
                    + " have partitions without a leader after 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic leaders", e);
            }
        }
    }

    public static Result ensure(Properties clientProps, List<NewTopic> topics) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            Map<String, KafkaFuture<Void>> futures = admin.createTopics(topics).values();
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : futures.entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof TopicExistsException) {
                        existing.add(e.getKey());
                    } else {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + " on "
                            + clientProps.get("bootstrap.servers") + ": " + ex.getCause().getMessage(), ex.getCause());
                    }
                } catch (TimeoutException ex) {
                    throw new IllegalStateException("Kafka at " + clientProps.get("bootstrap.servers")
                        + " did not answer within 60 s while creating topic " + e.getKey(), ex);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topics", ex);
                }
            }
            created.sort(null);
            existing.sort(null);
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), clientProps);
            return new Result(created, existing);
        }
    }
}
