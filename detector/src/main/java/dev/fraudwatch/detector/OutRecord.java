package dev.fraudwatch.detector;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record the job writes: destination topic, key, value and headers. Every output (alerts, blocked customers,
 * analytics, dead letters) travels as this type into ONE Kafka sink, so the whole job's output is committed in
 * one Kafka transaction per subtask and checkpoint.
 */
public class OutRecord {
    /** Explicit type so the headers map is not serialised with Kryo. */
    public static final TypeInformation<OutRecord> TYPE = Types.POJO(OutRecord.class, Map.of(
        "topic", Types.STRING,
        "key", Types.PRIMITIVE_ARRAY(Types.BYTE),
        "value", Types.PRIMITIVE_ARRAY(Types.BYTE),
        "headers", Types.MAP(Types.STRING, Types.STRING)));

    public String topic;
    public byte[] key;
    public byte[] value;
    /** Kafka headers (UTF-8 text values); null when none. */
    public Map<String, String> headers;

    public OutRecord() {
    }

    public OutRecord(String topic, byte[] key, byte[] value, Map<String, String> headers) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    public static OutRecord of(String topic, String key, byte[] value) {
        return new OutRecord(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, null);
    }

    public static OutRecord of(String topic, byte[] key, byte[] value) {
        return new OutRecord(topic, key, value, null);
    }

    /** A copy with one more header. */
    public OutRecord withHeader(String name, String value) {
        Map<String, String> h = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
        h.put(name, value);
        return new OutRecord(topic, key, this.value, h);
    }

    public String valueText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + " " + (key == null ? "-" : new String(key, StandardCharsets.UTF_8)) + " " + valueText();
    }
}
