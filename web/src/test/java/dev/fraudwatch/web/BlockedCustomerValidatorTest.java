package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockedCustomerValidatorTest {

    private static ObjectNode valid() {
        return Json.MAPPER.valueToTree(Fixtures.blocked(1));
    }

    @Test
    void acceptsTheOriginalsRecordFieldForField() {
        String original = "{\"Name\": \"Jane Roe\", \"Account Number\": \"ACC0123456789\", "
            + "\"Current Transaction Amount\": 61234.5, \"Transaction ID\": \"TRN01234567890\", "
            + "\"Transaction Time\": \"2024-05-01 13:45:10.123456\", \"Reason\": \"Amount exceeds $50,000\"}";
        BlockedCustomer c = BlockedCustomerValidator.validate(Json.fromString(original, ObjectNode.class));
        assertThat(c).isEqualTo(new BlockedCustomer("Jane Roe", "ACC0123456789", 61234.5, "TRN01234567890",
            "2024-05-01 13:45:10.123456", "Amount exceeds $50,000"));
    }

    @Test
    void webhookRejectsALongNameButTheBlockedTopicKeepsIt() {
        ObjectNode n = valid();
        String name = "<svg/onload=alert(1)>" + "A".repeat(2000);
        n.put("Name", name);
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n))
            .hasMessageContaining("'Name' is longer than 500 characters");
        assertThat(BlockedCustomerValidator.validateFromTopic(n).name())
            .isEqualTo(name);
        n.put("Name", "B".repeat(BlockedCustomerValidator.MAX_TOPIC_TEXT + 1));
        assertThatThrownBy(() -> BlockedCustomerValidator.validateFromTopic(n))
            .hasMessageContaining("'Name' is longer than 65536 characters");
    }

    @Test
    void namesTheMissingField() {
        ObjectNode n = valid();
        n.remove("Transaction ID");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n))
            .isInstanceOf(ApiError.class).hasMessageContaining("'Transaction ID' is missing");
    }

    @Test
    void rejectsAmountGivenAsText() {
        ObjectNode n = valid();
        n.put("Current Transaction Amount", "lots");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n))
            .hasMessageContaining("'Current Transaction Amount' must be a finite number");
    }

    @Test
    void rejectsMalformedAccountAndTime() {
        ObjectNode n = valid();
        n.put("Account Number", "ACC12\r\nBcc: x@example.com");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n))
            .hasMessageContaining("'Account Number' must not contain control characters");
        n.put("Account Number", "   ");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n))
            .hasMessageContaining("'Account Number' must not be empty");
        ObjectNode t = valid();
        t.put("Transaction Time", "yesterday");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(t)).hasMessageContaining("'Transaction Time'");
    }

    @Test
    void acceptsEveryAccountNumberTheDetectionJobAccepts() {
        ObjectNode n = valid();
        n.put("Account Number", "DE89 3704 0044 0532 0130 00");
        assertThat(BlockedCustomerValidator.validate(n).accountNumber()).isEqualTo("DE89 3704 0044 0532 0130 00");
        n.put("Account Number", "7\u0007");
        assertThat(BlockedCustomerValidator.validateFromTopic(n).accountNumber())
            .as("a topic record is listed as the detection job wrote it").isEqualTo("7\u0007");
    }

    @Test
    void webhookInputIsTrimmedButTopicRecordsAreKeptAsWritten() {
        ObjectNode n = valid();
        n.put("Name", "  Jane Roe ");
        n.put("Account Number", " ACC0000000001");
        assertThat(BlockedCustomerValidator.validate(n).name()).isEqualTo("Jane Roe");
        BlockedCustomer fromTopic = BlockedCustomerValidator.validateFromTopic(n);
        assertThat(fromTopic.name()).isEqualTo("  Jane Roe ");
        assertThat(fromTopic.accountNumber()).isEqualTo(" ACC0000000001");
    }

    @Test
    void accountInAPathMustBeAnIdentifier() {
        assertThat(BlockedCustomerValidator.account("GB29NWBK60161331926819")).isEqualTo("GB29NWBK60161331926819");
        assertThatThrownBy(() -> BlockedCustomerValidator.account(" ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> BlockedCustomerValidator.account("A".repeat(101)))
            .hasMessageContaining("longer than 100 characters");
        assertThatThrownBy(() -> BlockedCustomerValidator.account("ACC\n1"))
            .hasMessageContaining("control characters").hasMessageContaining("ACC?1");
    }

    @Test
    void keepsMarkupInNamesAsPlainData() {
        ObjectNode n = valid();
        n.put("Name", Fixtures.SCRIPT_NAME);
        assertThat(BlockedCustomerValidator.validate(n).name()).isEqualTo(Fixtures.SCRIPT_NAME);
    }
}
