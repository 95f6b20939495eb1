package dev.fraudwatch.core.model;

/** Kafka header names FraudWatch attaches outside the contract's JSON fields. */
public final class Headers {
    /** Ground truth of the simulator: which injected scenario produced this transaction ({@code none} if legitimate). */
    public static final String SCENARIO = "fw-scenario";
    /** Simulator send time in epoch milliseconds, for end-to-end latency. */
    public static final String PRODUCED_AT = "fw-produced-at";
    /** On a dead-letter record: why it was rejected. */
    public static final String DLQ_REASON = "fw-dlq-reason";
    /** On a dead-letter record: the field at fault, when one is. */
    public static final String DLQ_FIELD = "fw-dlq-field";
    /** On a dead-letter record: the component that rejected it. */
    public static final String DLQ_SOURCE = "fw-dlq-source";
    /** On a dead-letter record: the topic the record came from. */
    public static final String DLQ_ORIGIN_TOPIC = "fw-dlq-origin-topic";

    private Headers() {
    }
}
