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
 * The job's production endpoints: Kafka sources for the three input topics and one exactly-once Kafka sink for
 * every output (see detector/README.md for why exactly-once).
 */
public final class KafkaEndpoints implements JobSources {

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
    public DataStream<RawRecord> transactions(StreamExecutionEnvironment env) {
        // Resume from the group's committed offsets when there is no checkpoint; a new group starts at the
        // beginning, so a first run processes what the simulator already wrote.
        return read(env, kafka.topics().transactions(),
            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST), "kafka-" + "bank-transactions",
            "fraudwatch-source-transactions");
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
        KafkaSourceBuilder<RawRecord> b = KafkaSource.<RawRecord>builder()
            .setProperties(kafka.clientProps())
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(start)
            .setDeserializer(new RawDeserializer())
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), name).uid(uid);
    }

    /** One sink for every output topic; each record names its topic. */
    public KafkaSink<OutRecord> sink() {
        Properties producer = kafka.clientProps();
        producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeoutMs));
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return KafkaSink.<OutRecord>builder()
            .setKafkaProducerConfig(producer)
            .setBootstrapServers(kafka.bootstrapServers())
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(transactionalIdPrefix)
            .setRecordSerializer(new OutSerializer())
            .build();
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
