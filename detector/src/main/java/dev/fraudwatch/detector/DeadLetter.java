package dev.fraudwatch.detector;

import dev.fraudwatch.kafka.DeadLetters;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dead-letter records of the detection job, with the same headers as {@link DeadLetters} writes. */
public final class DeadLetter {

    /** Side output every operator of the job sends rejected input to. */
    public static final OutputTag<OutRecord> TAG = new OutputTag<>("dead-letter", OutRecord.TYPE);
    /** Value of the {@code fw-dlq-source} header. */
    public static final String SOURCE = "detector";
    /** Reason prefix of events behind the watermark; see {@link LateEvents}. */
    public static final String LATE = "late";
    /** Reason prefix of a transaction whose id its account already had; see {@code DecisionEngine.step}. */
    public static final String DUPLICATE = "duplicate";

    private DeadLetter() {
    }

    public static OutRecord of(String deadLetterTopic, RawRecord in, String field, String reason) {
        return of(deadLetterTopic, in.topic, in.key, in.value, field, reason);
    }

    public static OutRecord of(String deadLetterTopic, String originTopic, byte[] key, byte[] value, String field,
                               String reason) {
        ProducerRecord<byte[], byte[]> r =
            DeadLetters.record(deadLetterTopic, originTopic, key, value, SOURCE, field, reason);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return new OutRecord(r.topic(), r.key(), r.value(), headers);
    }
}
