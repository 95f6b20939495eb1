package dev.fraudwatch.alerts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;

class AlertMailFormatterTest {

    private static final Instant WHEN = Instant.parse("2026-11-24T18:00:05Z");

    private final AlertMailFormatter formatter = new AlertMailFormatter();

    @Test
    void oneTransactionMailNamesEveryDetail() {
        BlockedTransaction t = BlockedTransaction.of(Fixtures.blocked("TRN00000000042", account(7), "Jane Roe",
            61_234.5, "Amount exceeds $50,000", List.of("amount_over_limit", "new_device")));
        AlertMail m = formatter.format(List.of(t), WHEN);
        assertThat(m.subject()).contains("TRN00000000042", "Jane Roe", account(7), "61,234.50");
        assertThat(m.body()).contains("TRN00000000042", "Jane Roe", account(7), "61,234.50",
            "Amount exceeds $50,000", "2026-11-24 18:00:01.123456", "amount_over_limit, new_device");
        assertThat(m.transactionIds()).containsExactly("TRN00000000042");
    }

    @Test
    void groupedMailListsEachTransactionAndTheSameGroupGivesTheSameMessageId() {
        List<BlockedTransaction> batch = List.of(Fixtures.txn(account(1), 20_000, "a"),
            Fixtures.txn(account(1), 30_000, "b"));
        AlertMail m = formatter.format(batch, WHEN);
        assertThat(m.subject()).contains("2 blocked transactions", "on account " + account(1), "50,000.00");
        batch.forEach(t -> assertThat(m.body()).contains(t.transactionId()));
        assertThat(formatter.format(batch, WHEN).messageId()).isEqualTo(m.messageId());
        assertThat(formatter.format(batch.subList(0, 1), WHEN).messageId()).isNotEqualTo(m.messageId());
    }

    @Test
    void aNameWithLineBreaksCannotAddHeaders() {
        BlockedTransaction t = BlockedTransaction.of(Fixtures.blocked("TRN00000000043", account(8),
            "Eve\r\nBcc: victim@example.org", 20_000, "x", null));
        assertThat(formatter.format(List.of(t), WHEN).subject()).doesNotContain("\r", "\n");
    }
}
