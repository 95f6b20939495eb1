package dev.fraudwatch.detector;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the detection job reads from. Production reads Kafka ({@link KafkaEndpoints}); a test may pass bounded
 * streams of fixed records. Transactions are decoded where they are read ({@link DecodedTransaction#decode}), so
 * the source can apply {@code watermarks} per partition; rejected records stay in the stream and take the job's
 * dead-letter path wherever they come from. The control topics carry raw bytes the job decodes.
 */
public interface JobSources {

    /** {@code bank_transactions} records, decoded, with event time and watermarks from {@code watermarks}. */
    DataStream<DecodedTransaction> transactions(StreamExecutionEnvironment env,
                                                WatermarkStrategy<DecodedTransaction> watermarks);

    /** {@code fraud_rules} records (RuleSet JSON). */
    DataStream<RawRecord> rules(StreamExecutionEnvironment env);

    /** {@code fraud_control} records (AccountCommand JSON). */
    DataStream<RawRecord> commands(StreamExecutionEnvironment env);
}
