package dev.fraudwatch.alerts;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.fraudwatch.alerts.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;

/** How a due group becomes fixed mails: one mail, or halves when its intent would not fit in a ledger record. */
class OutgoingMailTest {

    private static final Instant NOW = Instant.parse("2026-11-24T18:00:05Z");
    private final AlertMailFormatter formatter = new AlertMailFormatter();

    private static List<PendingAlert> group(int n, int nameLength) {
        List<PendingAlert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlockedTransaction t = BlockedTransaction.of(Fixtures.blocked(Fixtures.txnId(), account(400),
                "N".repeat(nameLength), 60_000 + i, "Amount exceeds $50,000", null));
            out.add(new PendingAlert(t, NOW, List.of(new PendingAlert.Source(new TopicPartition("t", 0), i))));
        }
        return out;
    }

    @Test
    void aGroupWhoseIntentFitsIsOneMailHoldingEveryRecord() {
        List<PendingAlert> g = group(4, 10);
        List<OutgoingMail> mails = OutgoingMail.fitting(formatter, g, NOW, SentLedger.MAX_INTENT_BYTES);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).mail.transactionIds()).hasSize(4);
        assertThat(mails.get(0).sources).hasSize(4);
        assertThat(mails.get(0).intentRecorded).isFalse();
    }

    @Test
    void aGroupTooLargeForOneLedgerRecordIsHalvedUntilEachIntentFits() {
        List<PendingAlert> g = group(8, 3_000);
        int limit = 8_000; // about two transactions of 3,000-character names per intent
        List<OutgoingMail> mails = OutgoingMail.fitting(formatter, g, NOW, limit);
        assertThat(mails).hasSizeGreaterThan(1);
        assertThat(mails).allSatisfy(m -> assertThat(SentLedger.intentBytes(m.mail)).isLessThanOrEqualTo(limit));
        assertThat(mails.stream().flatMap(m -> m.mail.transactionIds().stream()).toList())
            .containsExactlyElementsOf(g.stream().map(p -> p.transaction().transactionId()).toList());
        assertThat(mails.stream().map(m -> m.mail.messageId()).distinct()).hasSameSizeAs(mails);
    }

    @Test
    void aSingleTransactionIsOneMailWhateverItsSize() {
        List<OutgoingMail> mails = OutgoingMail.fitting(formatter, group(1, 5_000), NOW, 1_000);
        assertThat(mails).hasSize(1);
    }
}
