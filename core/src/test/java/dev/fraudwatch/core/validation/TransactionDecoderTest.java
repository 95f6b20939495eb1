package dev.fraudwatch.core.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionDecoderTest {

    private static byte[] validWith(Consumer<ObjectNode> change) {
        ObjectNode node = Json.MAPPER.valueToTree(TransactionBuilder.transaction().build());
        change.accept(node);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static DecodeResult.Invalid rejected(byte[] bytes) {
        DecodeResult r = TransactionDecoder.decode(bytes);
        assertThat(r).isInstanceOf(DecodeResult.Invalid.class);
        return (DecodeResult.Invalid) r;
    }

    @Test
    void acceptsAValidRecord() {
        DecodeResult r = TransactionDecoder.decode(validWith(n -> { }));
        assertThat(r).isInstanceOf(DecodeResult.Valid.class);
        assertThat(((DecodeResult.Valid) r).transaction().accountNumber()).isEqualTo("ACC0000000001");
    }

    @Test
    void validRecordsAreBoundInOnePass() {
        assertThat(TransactionDecoder.strict(validWith(n -> { }))).isNotNull();
        assertThat(TransactionDecoder.strict(validWith(n -> n.put("Transaction Time", "2025-03-01 12:00:00"))))
            .isNotNull();
        assertThat(TransactionDecoder.strict(validWith(n -> n.put("Current Transaction Amount", "12")))).isNull();
    }

    @Test
    void rejectsMissingAccountNumberNamingTheField() {
        DecodeResult.Invalid i = rejected(validWith(n -> n.remove("Account Number")));
        assertThat(i.field()).isEqualTo("Account Number");
        assertThat(i.describe()).contains("Account Number").contains("missing");
    }

    @Test
    void rejectsNonNumericAmount() {
        DecodeResult.Invalid i = rejected(validWith(n -> n.put("Current Transaction Amount", "12.5")));
        assertThat(i.field()).isEqualTo("Current Transaction Amount");
        assertThat(i.reason()).contains("must be a number");
    }

    @Test
    void rejectsNegativeAmount() {
        DecodeResult.Invalid i = rejected(validWith(n -> n.put("Current Transaction Amount", -1.0)));
        assertThat(i.field()).isEqualTo("Current Transaction Amount");
        assertThat(i.reason()).contains("negative");
    }

    @Test
    void rejectsNaNAmountAsPythonWritesIt() {
        String json = new String(validWith(n -> n.put("Current Transaction Amount", 1.0)), StandardCharsets.UTF_8)
            .replace("\"Current Transaction Amount\":1.0", "\"Current Transaction Amount\":NaN");
        DecodeResult.Invalid i = rejected(json.getBytes(StandardCharsets.UTF_8));
        assertThat(i.field()).isEqualTo("Current Transaction Amount");
        assertThat(i.reason()).contains("finite");
    }

    @Test
    void rejectsUnparseableTime() {
        DecodeResult.Invalid i = rejected(validWith(n -> n.put("Transaction Time", "yesterday at noon")));
        assertThat(i.field()).isEqualTo("Transaction Time");
        assertThat(i.reason()).contains("yesterday at noon");
    }

    @Test
    void rejectsOversizedRecordBeforeParsing() {
        byte[] big = validWith(n -> n.put("Address", "x".repeat(70_000)));
        DecodeResult.Invalid i = rejected(big);
        assertThat(i.field()).isNull();
        assertThat(i.reason()).contains("over the limit of 65536 bytes");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        DecodeResult.Invalid i = rejected("hello, world".getBytes(StandardCharsets.UTF_8));
        assertThat(i.reason()).startsWith("not JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(rejected("[1,2,3]".getBytes(StandardCharsets.UTF_8)).reason()).isEqualTo("not a JSON object");
    }

    @Test
    void rejectsWrongTypedArray() {
        DecodeResult.Invalid i = rejected(validWith(n -> n.put("Login Devices", "Laptop")));
        assertThat(i.field()).isEqualTo("Login Devices");
    }

    @Test
    void rejectsMissingTransactionId() {
        assertThat(rejected(validWith(n -> n.remove("Transaction ID"))).field()).isEqualTo("Transaction ID");
    }

    /**
     * The fast strict binding must never decide differently from the tree path that names the field at fault:
     * every variant of a valid record (fields removed, nulled, retyped, out of range, odd times, odd arrays,
     * extra fields) gets the same verdict, and the same reason, from both.
     */
    @Test
    void strictBindingAndTreePathAlwaysAgree() {
        java.util.List<Consumer<ObjectNode>> changes = new java.util.ArrayList<>();
        changes.add(n -> { });
        changes.add(n -> n.put("Extra Field", 1));
        ObjectNode sample = Json.MAPPER.valueToTree(TransactionBuilder.transaction().build());
        java.util.List<String> fields = new java.util.ArrayList<>();
        sample.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            changes.add(n -> n.remove(f));
            changes.add(n -> n.putNull(f));
            changes.add(n -> n.put(f, 12));
            changes.add(n -> n.put(f, 12.5));
            changes.add(n -> n.put(f, -3.0));
            changes.add(n -> n.put(f, Double.NaN));
            changes.add(n -> n.put(f, true));
            changes.add(n -> n.put(f, ""));
            changes.add(n -> n.put(f, "  "));
            changes.add(n -> n.put(f, "123.4"));
            changes.add(n -> n.put(f, "<script>alert(1)</script>\u0000\n"));
            changes.add(n -> n.putArray(f).add("a").add("b"));
            changes.add(n -> n.putArray(f).add("a").addNull());
            changes.add(n -> n.putArray(f).add(1));
            changes.add(n -> n.putObject(f).put("x", 1));
        }
        for (String time : new String[] {"2025-03-01 12:00:00", "2025-03-01 12:00:00.5", "2025-03-01T12:00:00.123",
            "2025-02-29 12:00:00", "2024-02-29 12:00:00.999999", "0000-01-01 00:00:00", "2025-03-01 24:00:00",
            "2025-03-01 12:00:00.1234567890", " 2025-03-01 12:00:00 ", "2025-3-1 12:00:00", "2025-03-01 12:00:00."}) {
            changes.add(n -> n.put("Transaction Time", time));
        }
        for (double amount : new double[] {0, 1e308, Double.POSITIVE_INFINITY, -0.0, 50_000.01}) {
            changes.add(n -> n.put("Current Transaction Amount", amount));
            changes.add(n -> n.put("Usual Transaction Amount", amount));
        }
        for (Consumer<ObjectNode> change : changes) {
            byte[] bytes = validWith(change);
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(TransactionDecoder.decode(bytes)).as(text).isEqualTo(TransactionDecoder.decodeTree(bytes));
        }
        byte[] duplicateKey = "{\"Account Number\":\"ACC1\",\"Account Number\":\"ACC2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(TransactionDecoder.decode(duplicateKey)).isEqualTo(TransactionDecoder.decodeTree(duplicateKey));
    }
}
