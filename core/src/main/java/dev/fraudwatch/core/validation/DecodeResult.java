package dev.fraudwatch.core.validation;

import dev.fraudwatch.core.model.Transaction;

/** The outcome of decoding one raw {@code bank_transactions} record: a transaction, or why it was rejected. */
public sealed interface DecodeResult {

    record Valid(Transaction transaction) implements DecodeResult {
    }

    /**
     * A rejected record. {@code field} names the contract field at fault, or is null when the record as a whole
     * is bad (not JSON, too large); {@code reason} is a sentence for the dead-letter topic.
     */
    record Invalid(String field, String reason) implements DecodeResult {
        /** One line: the field (if any) and the reason. */
        public String describe() {
            return field == null ? reason : "field '" + field + "': " + reason;
        }
    }
}
