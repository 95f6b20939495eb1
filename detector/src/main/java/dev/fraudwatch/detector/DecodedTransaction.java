package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.validation.DecodeResult;
import dev.fraudwatch.core.validation.TransactionDecoder;

/**
 * A {@code bank_transactions} record decoded where it is read: a transaction with its event time, or the record as
 * it arrived with why the contract rejects it. Decoding in the source lets the Kafka source take event time and
 * watermarks per partition (a partition read ahead of another cannot make the other's records late), and parses
 * each record once. A Flink POJO; it is handed on only to the operator chained after the source.
 */
public class DecodedTransaction {
    /** The transaction; null when rejected. */
    public Transaction transaction;
    /** Event time in epoch milliseconds (valid records only). */
    public long eventTime;
    /** The record as it arrived (rejected records only: the dead letter carries its key and bytes). */
    public RawRecord raw;
    /** The contract field at fault, or null when the record as a whole is bad. */
    public String field;
    public String reason;

    public DecodedTransaction() {
    }

    public static DecodedTransaction decode(RawRecord raw) {
        DecodedTransaction d = new DecodedTransaction();
        DecodeResult result = TransactionDecoder.decode(raw.value);
        if (result instanceof DecodeResult.Valid valid) {
            d.transaction = valid.transaction();
            d.eventTime = d.transaction.eventTimeMillis();
        } else {
            DecodeResult.Invalid bad = (DecodeResult.Invalid) result;
            d.raw = raw;
            d.field = bad.field();
            d.reason = bad.reason();
        }
        return d;
    }

    public boolean valid() {
        return transaction != null;
    }

    /** Event time for the watermark generator; a rejected record has none and does not move the watermark. */
    public long timestamp() {
        return valid() ? eventTime : Long.MIN_VALUE;
    }
}
