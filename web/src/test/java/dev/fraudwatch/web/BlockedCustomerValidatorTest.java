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
        assertThat(BlockedCustomerValidator.validate(n, BlockedCustomerValidator.MAX_TOPIC_TEXT).name())
            .isEqualTo(name);
        n.put("Name", "B".repeat(BlockedCustomerValidator.MAX_TOPIC_TEXT + 1));
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n, BlockedCustomerValidator.MAX_TOPIC_TEXT))
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
        n.put("Account Number", "ACC12");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(n)).hasMessageContaining("'Account Number'");
        ObjectNode t = valid();
        t.put("Transaction Time", "yesterday");
        assertThatThrownBy(() -> BlockedCustomerValidator.validate(t)).hasMessageContaining("'Transaction Time'");
    }

    @Test
    void keepsMarkupInNamesAsPlainData() {
        ObjectNode n = valid();
        n.put("Name", Fixtures.SCRIPT_NAME);
        assertThat(BlockedCustomerValidator.validate(n).name()).isEqualTo(Fixtures.SCRIPT_NAME);
    }
}
