package dev.fraudwatch.detector;

import dev.fraudwatch.core.model.Transaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the decoded {@code bank_transactions} records: transactions go on; a record the contract rejected goes
 * to the dead-letter side output with the reason, the field at fault and its original key and bytes, and is
 * counted (metric {@code invalidTransactions}). The job keeps running whatever arrives.
 */
final class DecodeTransactions extends ProcessFunction<DecodedTransaction, Transaction> {

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
    public void processElement(DecodedTransaction in, Context ctx, Collector<Transaction> out) {
        if (in.valid()) {
            out.collect(in.transaction);
        } else {
            invalid.inc();
            ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in.raw, in.field, in.reason));
        }
    }
}
