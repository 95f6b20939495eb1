package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How far the pipeline got, read from Kafka alone: transactions produced (end offsets of the transactions topic),
 * transactions the detection job has taken in (its consumer group's committed offsets, committed on every
 * checkpoint), and transactions whose {@code customer_risk} upsert Elasticsearch has acknowledged (the indexer's
 * group on that topic; the job writes one upsert per transaction, so this is the end-to-end count).
 * {@code riskWritten} is the log end of {@code customer_risk}, records of still open transactions included: what the
 * job has decided so far, ahead of its next checkpoint.
 */
final class PipelineProgress implements AutoCloseable {

    /** One reading; {@code nanos} from {@link System#nanoTime()}. */
    record Sample(long nanos, long produced, long detected, long riskWritten, long indexed) {
        long detectorLag() {
            return Math.max(0, produced - detected);
        }

        long indexerLag() {
            return Math.max(0, riskWritten - indexed);
        }

        /** Transactions produced but not yet in Elasticsearch. */
        long endToEndLag() {
            return Math.max(0, produced - indexed);
        }

        /**
         * Nothing left anywhere: the job committed (on a checkpoint) every transaction produced, and the indexer
         * committed everything the job wrote. {@code slack}: offsets the indexer may stay behind the log end once
         * it has read everything (a transaction's commit marker per partition takes an offset but is no record).
         */
        boolean drained(long slack) {
            return detected >= produced && riskWritten - indexed <= slack;
        }
    }

    private final Admin admin;
    private final String transactions;
    private final String customerRisk;
    private final String detectorGroup;
    private final String indexerGroup;
    private final String alertsGroup;
    private final java.util.List<String> alertInputs;

    PipelineProgress(KafkaSettings kafka, String detectorGroup, String indexerGroup, String alertsGroup) {
        this.admin = Admin.create(kafka.clientProps());
        this.transactions = kafka.topics().transactions();
        this.customerRisk = kafka.topics().customerRisk();
        this.detectorGroup = detectorGroup;
        this.indexerGroup = indexerGroup;
        this.alertsGroup = alertsGroup;
        this.alertInputs = java.util.List.of(kafka.topics().blockedCustomers(), kafka.topics().fraudAlerts());
    }

    /**
     * Records of {@code blocked_customers} and {@code fraud_alerts} the alert engine has not committed yet: it
     * commits once their mail is sent (or they needed none), so this is its backlog of unsent alerts, the ones
     * waiting out their group window included.
     */
    long alertsBehind() throws Exception {
        long behind = 0;
        for (String topic : alertInputs) {
            behind += endOffsets(topic) - committed(alertsGroup, topic);
        }
        return Math.max(0, behind);
    }

    /**
     * How far the indexer may stay behind the log end of {@code customer_risk} once it has read everything: the
     * last transactions' commit markers take offsets but are no records, so its committed offsets (last record + 1)
     * stay short of the end by a few per partition (2 per partition, measured on an idle system).
     */
    long markerSlack() throws Exception {
        return 4L * admin.describeTopics(java.util.List.of(customerRisk)).allTopicNames().get(10, TimeUnit.SECONDS)
            .get(customerRisk).partitions().size();
    }

    /** Records written to {@code fraud_alerts} so far (an at-least-once sink: no transaction markers). */
    long alertsWritten() throws Exception {
        return endOffsets(alertInputs.get(1));
    }

    Sample sample() throws Exception {
        long now = System.nanoTime();
        return new Sample(now, endOffsets(transactions), committed(detectorGroup, transactions),
            endOffsets(customerRisk), committed(indexerGroup, customerRisk));
    }

    private long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
            .partitions().forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo i : admin.listOffsets(req).all().get(10, TimeUnit.SECONDS)
            .values()) {
            sum += i.offset();
        }
        return sum;
    }

    private long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
