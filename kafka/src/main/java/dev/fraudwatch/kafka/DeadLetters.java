package dev.fraudwatch.kafka;

import dev.fraudwatch.core.model.Headers;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Builds dead-letter records: the original key and bytes unchanged, with the reason, the field at fault, the
 * rejecting component and the origin topic as headers, so nothing rejected is lost and each says why.
 */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, String originTopic, byte[] key,
                                                        byte[] value, String source, String field, String reason) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        if (field != null) {
            h.add(Headers.DLQ_FIELD, field.getBytes(StandardCharsets.UTF_8));
        }
        h.add(Headers.DLQ_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        h.add(Headers.DLQ_ORIGIN_TOPIC, originTopic.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(deadLetterTopic, null, key, value, h);
    }
}
