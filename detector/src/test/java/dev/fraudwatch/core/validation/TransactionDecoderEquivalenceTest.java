package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming decoder against the databind decoder it replaced ({@link DatabindTransactionDecoder}, verbatim):
 * on simulator output and on mutated and hostile variants of it, both give the same verdict, the same transaction
 * and the same dead-letter reason; and the streaming strict path takes every record the databind strict path took,
 * except records with a field beyond the contract (those now take the tree path, with the same outcome).
 */
class TransactionDecoderEquivalenceTest {

    private static final Set<String> CONTRACT_FIELDS = Set.of("Name", "Address", "Email", "City", "State", "Country",
        "Phone Number", "Account Number", "IP Address", "Login Devices", "Card Types", "Transaction Types",
        "Card Number", "Usual Transaction Amount", "Transaction ID", "Transaction Time", "Current Login Device",
        "Current Card Type", "Current Transaction Type", "Current Transaction Amount", "Fraud Flags");

    /** Raw JSON values put in place of a field's value: every token type, odd numbers, odd strings. */
    private static final List<String> HOSTILE_VALUES = List.of("null", "12", "-3", "0", "-0", "-0.0", "12.5", "1E2",
        "0.1e1", "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "123456789012345678901234567890",
        "9223372036854775808", "0.30000000000000004", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "true",
        "false", "\"\"", "\"  \"", "\"12\"", "\"NaN\"", "\"null\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u00e9t\\u00e9\"",
        "\"caf\u00e9 \u6771\u4eac \ud83d\ude00\"", "\"<script>\\n\"", "[]", "[\"a\"]", "[\"a\",\"b\"]",
        "[\"a\",null]", "[null]", "[1]", "[true]", "[[\"a\"]]", "[{}]", "{}", "{\"x\":1}", "{\"x\":1,\"x\":2}",
        "\"2025-03-01 12:00:00\"", "\"2025-03-01T12:00:00.123\"", "\"2025-02-29 12:00:00\"",
        "\"2024-02-29 23:59:59.999999\"", "\"2025-03-01 24:00:00\"", "\" 2025-03-01 12:00:00 \"",
        "\"2025-03-01 12:00:00.\"", "\"2025-03-01 12:00:00.1234567890\"", "\"0001-01-01 00:00:00\"",
        "\"2025-03-01 12:00:60\"", "\"yesterday\"", "1" + "0".repeat(1200), "0." + "1".repeat(1200));

    /** Whole records that are not a transaction object at all. */
    private static final List<String> HOSTILE_RECORDS = List.of("", " ", "\n", "{}", "[]", "[1,2,3]", "null", "1",
        "\"text\"", "hello, world", "{", "}", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "{,}",
        "\u00ef\u00bb\u00bf{}",
        "{\"Account Number\":\"ACC1\",\"Account Number\":\"ACC2\"}", "{\"Account Number\":\"ACC1\"}{}");

    private static void assertSameOutcome(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(TransactionDecoder.decode(bytes)).as(text).isEqualTo(DatabindTransactionDecoder.decode(bytes));
        var streaming = TransactionDecoder.strict(bytes);
        var databind = DatabindTransactionDecoder.strict(bytes);
        if (streaming != null) {
            assertThat(streaming).as(text).isEqualTo(databind);
        } else if (databind != null) {
            assertThat(hasFieldBeyondContract(bytes)).as("only a record with an extra field may leave the strict "
                + "path: " + text).isTrue();
        }
    }

    private static boolean hasFieldBeyondContract(byte[] bytes) {
        try {
            Iterator<String> names = Json.MAPPER.readTree(bytes).fieldNames();
            while (names.hasNext()) {
                if (!CONTRACT_FIELDS.contains(names.next())) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The record's fields as (name, raw JSON value) in order, so a test can write back what a mapper would not. */
    private static List<Map.Entry<String, String>> fields(byte[] record) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(record);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (var it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.add(Map.entry(e.getKey(), Json.MAPPER.writeValueAsString(e.getValue())));
        }
        return fields;
    }

    private static byte[] write(List<Map.Entry<String, String>> fields) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> f : fields) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(f.getKey()).append("\":").append(f.getValue());
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void simulatorOutputDecodesToTheSameTransactionsOnTheStrictPath() {
        int checked = 0;
        for (long seed : new long[] {1, 42}) {
            // 50 % fraud: every scenario's records (takeovers' foreign profile fields, card testing's small amounts)
            for (byte[] record : SimulatedRecords.generate(seed, 1_000, 50, 10_000)) {
                assertSameOutcome(record);
                assertThat(TransactionDecoder.strict(record)).isNotNull();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(20_000);
    }

    @Test
    void everyFieldReplacedRemovedDuplicatedOrJoinedByAnotherGetsTheSameOutcome() throws Exception {
        for (byte[] record : SimulatedRecords.generate(7, 100, 50, 20)) {
            List<Map.Entry<String, String>> original = fields(record);
            for (int i = 0; i < original.size(); i++) {
                String name = original.get(i).getKey();
                for (String value : HOSTILE_VALUES) {
                    List<Map.Entry<String, String>> changed = new ArrayList<>(original);
                    changed.set(i, Map.entry(name, value));
                    assertSameOutcome(write(changed));
                }
                List<Map.Entry<String, String>> removed = new ArrayList<>(original);
                removed.remove(i);
                assertSameOutcome(write(removed));
                List<Map.Entry<String, String>> duplicated = new ArrayList<>(original);
                duplicated.add(original.get(i));
                assertSameOutcome(write(duplicated));
                List<Map.Entry<String, String>> movedFirst = new ArrayList<>(original);
                movedFirst.add(0, movedFirst.remove(i));
                assertSameOutcome(write(movedFirst));
            }
            for (String value : HOSTILE_VALUES) {
                List<Map.Entry<String, String>> extra = new ArrayList<>(original);
                extra.add(Map.entry("Extra Field", value));
                assertSameOutcome(write(extra));
            }
            List<Map.Entry<String, String>> twoExtras = new ArrayList<>(original);
            twoExtras.add(Map.entry("Extra", "1"));
            twoExtras.add(Map.entry("Extra", "2"));
            assertSameOutcome(write(twoExtras));
        }
    }

    @Test
    void truncatedCorruptedAndPaddedRecordsGetTheSameOutcome() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] oddBytes = {0, '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'n', '1', '-', '.', 'e', (byte) 0xC3,
            (byte) 0x28, (byte) 0xE2, (byte) 0x82, (byte) 0xFF, (byte) 0xC0, (byte) 0x80};
        for (byte[] record : SimulatedRecords.generate(11, 200, 20, 500)) {
            assertSameOutcome(java.util.Arrays.copyOf(record, random.nextInt(record.length)));
            for (int k = 0; k < 6; k++) {
                byte[] flipped = record.clone();
                flipped[random.nextInt(flipped.length)] = oddBytes[random.nextInt(oddBytes.length)];
                assertSameOutcome(flipped);
                int at = random.nextInt(record.length + 1);
                byte[] inserted = new byte[record.length + 1];
                System.arraycopy(record, 0, inserted, 0, at);
                inserted[at] = oddBytes[random.nextInt(oddBytes.length)];
                System.arraycopy(record, at, inserted, at + 1, record.length - at);
                assertSameOutcome(inserted);
            }
            String text = new String(record, StandardCharsets.UTF_8);
            for (String padded : new String[] {" " + text, text + " ", "\n" + text + "\r\n", text + "x", text + "{}",
                text + text, text + "]", "\t" + text.replace(",\"", " , \"").replace(":", " : ")}) {
                assertSameOutcome(padded.getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String record : HOSTILE_RECORDS) {
            assertSameOutcome(record.getBytes(StandardCharsets.UTF_8));
        }
    }
}
