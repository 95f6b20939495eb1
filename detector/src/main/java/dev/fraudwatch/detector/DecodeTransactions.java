package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.validation.DecodeResult;
import dev.fraudwatch.core.validation.TransactionDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw {@code bank_transactions} bytes to {@link Transaction}s; a record the contract rejects goes to the
 * dead-letter side output with the reason, the field at fault and its original bytes, and is counted
 * (metric {@code invalidTransactions}). The job keeps running whatever arrives.
 */
final class DecodeTransactions extends ProcessFunction<RawRecord, Transaction> {

    private final String deadLetterTopic;
    private transient Counter invalid;

    DecodeTransactions(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        invalid = getRuntimeContext().getMetricGroup().counter("invalidTransactions");
    }

    @Override
    public void processElement(RawRecord in, Context ctx, Collector<Transaction> out) {
        DecodeResult result = TransactionDecoder.decode(in.value);
        if (result instanceof DecodeResult.Valid valid) {
            out.collect(valid.transaction());
        } else if (result instanceof DecodeResult.Invalid bad) {
            invalid.inc();
            ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, bad.field(), bad.reason()));
        }
    }
}
