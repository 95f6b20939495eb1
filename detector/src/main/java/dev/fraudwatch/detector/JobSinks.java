package dev.fraudwatch.detector;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the detection job writes. Each output stream gets a sink of its own, chained to the operator that produces
 * it (no extra network hop).
 */
public interface JobSinks {

    /**
     * Output that must never be seen twice by a {@code read_committed} consumer, even after a crash: the analytics
     * and the dead letters. Visible when the checkpoint covering it completes. {@code name} tells the sinks apart
     * (Kafka transactional ids).
     */
    Sink<OutRecord> exactlyOnce(String name);

    /**
     * Output that must be visible at once: the decisions. At least once: after a crash the records since the last
     * checkpoint are written again, identical but for their decision time, and keyed by {@code Transaction ID} so
     * every consumer stores them idempotently.
     */
    Sink<OutRecord> atLeastOnce();
}
