package dev.fraudwatch.detector;

import dev.fraudwatch.core.config.KafkaSettings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The job's production endpoints: Kafka sources for the three input topics (transactions decoded in the source,
 * with per-partition watermarks), exactly-once Kafka sinks for the analytics and dead letters and at-least-once
 * sinks for the decisions (see detector/README.md for why).
 */
public final class KafkaEndpoints implements JobSources, JobSinks {

    /** Linger and batch size of the transactional sinks (see {@link #exactlyOnce}). */
    static final int EXACTLY_ONCE_LINGER_MS = 100;
    static final int EXACTLY_ONCE_BATCH_BYTES = 256 * 1024;

    private final KafkaSettings kafka;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final long transactionTimeoutMs;
    /** Stop at the end offsets present at start (benchmark over a backlog); false in production. */
    private final boolean bounded;

    public KafkaEndpoints(KafkaSettings kafka, String groupId, String transactionalIdPrefix,
                          long transactionTimeoutMs, boolean bounded) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.bounded = bounded;
    }

    public static KafkaEndpoints of(KafkaSettings kafka, DetectorConfig config) {
        return new KafkaEndpoints(kafka, config.consumerGroup(), config.transactionalIdPrefix(),
            config.transactionTimeout().toMillis(), false);
    }

    public KafkaEndpoints bounded() {
        return new KafkaEndpoints(kafka, groupId, transactionalIdPrefix, transactionTimeoutMs, true);
    }

    @Override
    public DataStream<DecodedTransaction> transactions(StreamExecutionEnvironment env,
                                                       WatermarkStrategy<DecodedTransaction> watermarks) {
        // Resume from the group's committed offsets when there is no checkpoint; a new group starts at the
        // beginning, so a first run processes what the simulator already wrote.
        KafkaSource<DecodedTransaction> source = builder(kafka.topics().transactions(),
            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST), new TransactionDeserializer()).build();
        return env.fromSource(source, watermarks, "kafka-bank-transactions").uid("fraudwatch-source-transactions");
    }

    @Override
    public DataStream<RawRecord> rules(StreamExecutionEnvironment env) {
        // Always from the start of the compacted topic: the decision operator keeps the newest version.
        return read(env, kafka.topics().rules(), OffsetsInitializer.earliest(), "kafka-fraud-rules",
            "fraudwatch-source-rules");
    }

    @Override
    public DataStream<RawRecord> commands(StreamExecutionEnvironment env) {
        // From the start of the compacted topic: replaying the newest command per account restores every block.
        return read(env, kafka.topics().control(), OffsetsInitializer.earliest(), "kafka-fraud-control",
            "fraudwatch-source-control");
    }

    private DataStream<RawRecord> read(StreamExecutionEnvironment env, String topic, OffsetsInitializer start,
                                       String name, String uid) {
        return env.fromSource(builder(topic, start, new RawDeserializer()).build(), WatermarkStrategy.noWatermarks(),
            name).uid(uid);
    }

    private <T> KafkaSourceBuilder<T> builder(String topic, OffsetsInitializer start,
                                             KafkaRecordDeserializationSchema<T> deserializer) {
        KafkaSourceBuilder<T> b = KafkaSource.<T>builder()
            .setProperties(kafka.clientProps())
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(start)
            .setDeserializer(deserializer)
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b;
    }

    /**
     * Kafka transactions, one producer per subtask and checkpoint; {@code name} makes the transactional ids of
     * this sink distinct from every other sink of the job (two sinks sharing ids would fence each other).
     */
    @Override
    public KafkaSink<OutRecord> exactlyOnce(String name) {
        Properties producer = producerProps();
        producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeoutMs));
        // Nothing of a transaction is visible before its checkpoint commits it, so lingering costs no latency a
        // reader can see, and fuller batches spare a new LZ4 compressor per few records (a fifth of the decision
        // thread's time at 5 ms linger, by profile).
        producer.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(EXACTLY_ONCE_LINGER_MS));
        producer.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(EXACTLY_ONCE_BATCH_BYTES));
        return KafkaSink.<OutRecord>builder()
            .setKafkaProducerConfig(producer)
            .setBootstrapServers(kafka.bootstrapServers())
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(transactionalIdPrefix + "-" + name)
            .setRecordSerializer(new OutSerializer())
            .build();
    }

    /**
     * Idempotent producer, flushed on every checkpoint (so nothing before a checkpoint can be lost). Uncompressed:
     * decisions are a few small records a second per partition, sent at once; compression would cost a new
     * compressor per tiny batch and save next to nothing.
     */
    @Override
    public KafkaSink<OutRecord> atLeastOnce() {
        Properties producer = producerProps();
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return KafkaSink.<OutRecord>builder()
            .setKafkaProducerConfig(producer)
            .setBootstrapServers(kafka.bootstrapServers())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(new OutSerializer())
            .build();
    }

    private Properties producerProps() {
        Properties producer = kafka.clientProps();
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return producer;
    }

    /** Decodes while reading, so the source can assign event time per partition. */
    static final class TransactionDeserializer implements KafkaRecordDeserializationSchema<DecodedTransaction> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<DecodedTransaction> out) {
            out.collect(DecodedTransaction.decode(new RawRecord(r.topic(), r.partition(), r.offset(), r.key(),
                r.value())));
        }

        @Override
        public TypeInformation<DecodedTransaction> getProducedType() {
            return TypeInformation.of(DecodedTransaction.class);
        }
    }

    static final class RawDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            out.collect(new RawRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    static final class OutSerializer implements KafkaRecordSerializationSchema<OutRecord> {
        @Override
        public ProducerRecord<byte[], byte[]> serialize(OutRecord r, KafkaSinkContext context, Long timestamp) {
            RecordHeaders headers = new RecordHeaders();
            if (r.headers != null) {
                for (Map.Entry<String, String> h : r.headers.entrySet()) {
                    headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return new ProducerRecord<>(r.topic, null, null, r.key, r.value, headers);
        }
    }
}
