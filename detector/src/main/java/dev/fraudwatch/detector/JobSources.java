package dev.fraudwatch.detector;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the detection job reads from. Production reads Kafka ({@link KafkaEndpoints}); a test may pass bounded
 * streams of fixed records. Every stream carries raw bytes: decoding is part of the job, so bad input takes the
 * same path (to the dead-letter topic) wherever it comes from.
 */
public interface JobSources {

    /** {@code bank_transactions} records. */
    DataStream<RawRecord> transactions(StreamExecutionEnvironment env);

    /** {@code fraud_rules} records (RuleSet JSON). */
    DataStream<RawRecord> rules(StreamExecutionEnvironment env);

    /** {@code fraud_control} records (AccountCommand JSON). */
    DataStream<RawRecord> commands(StreamExecutionEnvironment env);
}
