package dev.fraudwatch.detector;

/**
 * A Kafka record as it arrived, before decoding: kept whole so a rejected record reaches the dead-letter topic
 * with its original key and bytes and where it came from. A Flink POJO (public fields, no-argument constructor).
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public byte[] key;
    public byte[] value;

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    /** A record with no Kafka position, for bounded test sources. */
    public static RawRecord of(String topic, byte[] value) {
        return new RawRecord(topic, -1, -1, null, value);
    }
}
