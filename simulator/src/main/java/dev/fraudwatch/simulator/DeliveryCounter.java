package dev.fraudwatch.simulator;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one callback of every send: counts acknowledgements and failures. Failures are logged (the first in full,
 * then every 10,000th so a dead broker does not flood the log) and always counted.
 */
final class DeliveryCounter implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryCounter.class);

    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            delivered.increment();
            return;
        }
        failed.increment();
        String message = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        if (firstError.compareAndSet(null, message)) {
            LOG.error("Delivery to Kafka failed: {}", message, exception);
        } else if (failed.sum() % 10_000 == 0) {
            LOG.error("{} deliveries to Kafka failed so far; latest: {}", failed.sum(), message);
        }
    }

    long delivered() {
        return delivered.sum();
    }

    long failed() {
        return failed.sum();
    }

    String firstError() {
        return firstError.get();
    }
}
