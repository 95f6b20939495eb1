package dev.fraudwatch.faults;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.validation.DecodeResult;
import dev.fraudwatch.core.validation.TransactionDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficTest {

    private static final Traffic TRAFFIC = FaultInjectionIT.traffic();

    @Test
    void sameSeedGivesTheSameRecords() {
        Traffic again = FaultInjectionIT.traffic();
        assertThat(again.chunks).hasSameSizeAs(TRAFFIC.chunks);
        for (int c = 0; c < TRAFFIC.chunks.size(); c++) {
            List<Traffic.Item> a = TRAFFIC.chunks.get(c);
            List<Traffic.Item> b = again.chunks.get(c);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
            }
        }
        assertThat(again.blocked).isEqualTo(TRAFFIC.blocked);
    }

    @Test
    void tenThousandHostileRecordsOfEveryKind() {
        long hostile = TRAFFIC.count(Traffic.Kind.BAD) + TRAFFIC.count(Traffic.Kind.DUPLICATE)
            + TRAFFIC.count(Traffic.Kind.HOSTILE_VALID);
        assertThat(hostile).isEqualTo(10_000);
        assertThat(TRAFFIC.count(Traffic.Kind.DUPLICATE)).isEqualTo(500);
        Set<String> kinds = TRAFFIC.itemsThrough(TRAFFIC.chunks.size(), Traffic.Kind.BAD).values().stream()
            .map(Traffic.Item::badKind).collect(Collectors.toSet());
        assertThat(kinds).hasSize(BadRecords.KINDS.size() + 2);
        assertThat(TRAFFIC.chunks).allSatisfy(c -> assertThat(c).anyMatch(i -> i.kind() == Traffic.Kind.BAD));
    }

    @Test
    void everyBadRecordIsRejectedByTheDetectorsDecoderWithAReason() {
        for (Traffic.Item bad : TRAFFIC.itemsThrough(TRAFFIC.chunks.size(), Traffic.Kind.BAD).values()) {
            DecodeResult r = TransactionDecoder.decode(bad.value());
            assertThat(r).as(bad.badKind()).isInstanceOf(DecodeResult.Invalid.class);
            assertThat(((DecodeResult.Invalid) r).reason()).as(bad.badKind()).isNotBlank();
        }
    }

    @Test
    void everyOtherRecordIsAValidTransaction() {
        TRAFFIC.chunks.stream().flatMap(List::stream).filter(i -> i.kind() != Traffic.Kind.BAD)
            .forEach(i -> assertThat(TransactionDecoder.decode(i.value())).as(i.id())
                .isInstanceOf(DecodeResult.Valid.class));
    }

    @Test
    void hostileNamesAreBlockedOnNewAccountsAndKeptVerbatim() {
        Map<String, Traffic.Item> hostile = TRAFFIC.itemsThrough(TRAFFIC.chunks.size(), Traffic.Kind.HOSTILE_VALID);
        assertThat(hostile).hasSize(100);
        assertThat(TRAFFIC.blocked.keySet()).containsAll(hostile.keySet());
        Set<String> simulatedAccounts = TRAFFIC.itemsThrough(TRAFFIC.chunks.size(), Traffic.Kind.VALID).values()
            .stream().map(i -> Json.fromBytes(i.value(), Transaction.class).accountNumber()).collect(Collectors.toSet());
        for (Traffic.Item i : hostile.values()) {
            Transaction t = Json.fromBytes(i.value(), Transaction.class);
            assertThat(simulatedAccounts).doesNotContain(t.accountNumber());
            assertThat(TRAFFIC.blocked.get(i.id()).name()).isEqualTo(t.name()).startsWith(
                BadRecords.HOSTILE_NAMES.get(Integer.parseInt(i.id().substring(5)) % BadRecords.HOSTILE_NAMES.size()));
        }
    }

    @Test
    void largeAmountsAreAmongTheExpectedBlocks() {
        List<Transaction> large = TRAFFIC.itemsThrough(TRAFFIC.chunks.size(), Traffic.Kind.VALID).values().stream()
            .map(i -> Json.fromBytes(i.value(), Transaction.class))
            .filter(t -> t.currentTransactionAmount() > 50_000).toList();
        assertThat(large).isNotEmpty();
        assertThat(TRAFFIC.blocked.keySet()).containsAll(large.stream().map(Transaction::transactionId).toList());
        // every chunk (one per fault) has blocks to check afterwards
        for (int c = 1; c <= TRAFFIC.chunks.size(); c++) {
            assertThat(TRAFFIC.blockedThrough(c)).hasSizeGreaterThan(TRAFFIC.blockedThrough(c - 1).size());
        }
    }
}
