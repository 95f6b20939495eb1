package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.rules.RuleSet;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Decoders of the two control topics. A record that is not a valid rule set or command goes to the dead-letter
 * topic with the reason; a tombstone (null value, on these compacted topics) is skipped.
 */
final class DecodeControl {

    private DecodeControl() {
    }

    static final class Rules extends ProcessFunction<RawRecord, RuleSet> {
        private final String deadLetterTopic;

        Rules(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        @Override
        public void processElement(RawRecord in, Context ctx, Collector<RuleSet> out) {
            if (in.value == null) {
                return;
            }
            RuleSet rules;
            try {
                rules = RuleSet.fromJson(in.value);
            } catch (RuntimeException e) {
                ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, null, "not a rule set: " + e.getMessage()));
                return;
            }
            List<String> problems = rules.problems();
            if (!problems.isEmpty()) {
                ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, null,
                    "invalid rule set: " + String.join("; ", problems)));
                return;
            }
            out.collect(rules);
        }
    }

    static final class Commands extends ProcessFunction<RawRecord, AccountCommand> {
        private final String deadLetterTopic;

        Commands(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        @Override
        public void processElement(RawRecord in, Context ctx, Collector<AccountCommand> out) {
            if (in.value == null) {
                return;
            }
            AccountCommand c;
            try {
                c = Json.fromBytes(in.value, AccountCommand.class);
            } catch (RuntimeException e) {
                ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, null, "not an account command: "
                    + e.getMessage()));
                return;
            }
            if (c == null || c.accountNumber() == null || c.accountNumber().isBlank()) {
                ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, "Account Number", "missing"));
            } else if (c.action() == null) {
                ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, in, "action", "missing (BLOCK or UNBLOCK)"));
            } else {
                out.collect(c);
            }
        }
    }
}
