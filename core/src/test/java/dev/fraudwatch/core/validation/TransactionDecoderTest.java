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
}
