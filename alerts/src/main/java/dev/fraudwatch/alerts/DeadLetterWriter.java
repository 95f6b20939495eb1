package dev.fraudwatch.alerts;

import dev.fraudwatch.kafka.DeadLetters;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the engine's dead letters, in the shape every FraudWatch component uses ({@link DeadLetters}: the original
 * key and bytes unchanged, reason, {@code fw-dlq-source: alerts} and origin topic as headers): unreadable records,
 * and the records of a mail the SMTP server refused for good. Returns only once the broker acknowledged them all.
 */
final class DeadLetterWriter {

    static final String SOURCE = "alerts";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterWriter(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /** One dead letter: the record read from {@code originTopic}, as it was, and why it is here. */
    ProducerRecord<byte[], byte[]> letter(String originTopic, byte[] key, byte[] value, String reason) {
        return DeadLetters.record(topic, originTopic, key, value, SOURCE, null, reason);
    }

    /** Writes all, one awaited round trip; when it throws, none counts as written (writing one again is a copy). */
    void write(List<ProducerRecord<byte[], byte[]>> letters) throws WriteException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : letters) {
            acks.add(producer.send(r));
        }
        try {
            for (Future<RecordMetadata> f : acks) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new WriteException("cannot write to the dead-letter topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteException("interrupted while writing to the dead-letter topic " + topic, e);
        }
    }

    /** The dead letters were not all acknowledged. */
    static final class WriteException extends Exception {
        WriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
