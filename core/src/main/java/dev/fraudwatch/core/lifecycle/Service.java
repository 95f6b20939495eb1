package dev.fraudwatch.core.lifecycle;

import java.util.List;

/**
 * A part of FraudWatch that {@code fraudwatch up} starts and stops: an embedded engine (Kafka, Elasticsearch,
 * SMTP) or a component (simulator, detection job, indexer, alert engine, web service).
 *
 * <p>Built from configuration records and not started on construction. {@link #start()} returns only when the
 * service is ready (health checked), or throws with a message a user can act on. {@link #close()} stops it
 * cleanly and must be safe to call when {@code start} failed part-way.
 */
public interface Service extends AutoCloseable {

    /** Short name shown to the user, e.g. "Kafka broker", "detection job". */
    String name();

    /** Starts the service and waits until it is ready. */
    void start() throws Exception;

    /** Lines telling the user where the service listens or what it does, e.g. "http://127.0.0.1:5001/". */
    default List<String> endpoints() {
        return List.of();
    }

    @Override
    void close();
}
