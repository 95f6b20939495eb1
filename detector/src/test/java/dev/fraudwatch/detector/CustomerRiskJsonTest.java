package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's customer_risk writer produces exactly the bytes of the shared mapper, record after record. */
class CustomerRiskJsonTest {

    private static final List<String> AWKWARD_TEXT = List.of("", "Zoë \"Quote\" O'Brien", "back\\slash /slash",
        "tab\tnew\nline\rcr\bbs\ffeed", "nul \u0000 and \u001f and \u007f", "</script>", "日本語の名前",
        "emoji \uD83D\uDE00 pair", "\u2028 line sep \u2029", "\u00a0nbsp", "ACC0000000007", "x".repeat(5000));

    private static final double[] AWKWARD_NUMBERS = {0.0, -0.0, 1.0, 0.1, 1e-7, 1.0e-300, Double.MIN_VALUE,
        Double.MIN_NORMAL, 123456789.123456789, 9_999_999.99, 1e16, 1.7976931348623157e308, 5000.0, 10000.000000001,
        1.0 / 3.0, 2.0 / 3.0, 100_000_000_000_000_000_000.0, -42.5, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN};

    private static final long[] AWKWARD_LONGS = {0, 1, -1, 9, 10, 99, 100, Integer.MAX_VALUE, 1L << 31,
        Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void writesTheSameBytesAsTheSharedMapperForAwkwardTextAndNumbers() throws Exception {
        List<CustomerRisk> rows = new ArrayList<>();
        for (String text : AWKWARD_TEXT) {
            for (int i = 0; i < AWKWARD_NUMBERS.length; i++) {
                rows.add(new CustomerRisk(text, "ACC" + text, AWKWARD_LONGS[i % AWKWARD_LONGS.length],
                    AWKWARD_LONGS[(i + 3) % AWKWARD_LONGS.length], AWKWARD_NUMBERS[i], CustomerRisk.HIGH));
            }
            rows.add(new CustomerRisk(text, text, 1, 0, 1.5, text, 0.25, text, text));
        }
        rows.add(new CustomerRisk(null, "ACC0000000001", 3, 1, 20.0, CustomerRisk.MODERATE));
        rows.add(new CustomerRisk(null, null, 3, 1, 20.0, null));
        rows.add(new CustomerRisk("A", "ACC1", 3, 1, 20.0, CustomerRisk.LOW, null, "BLOCKED", null));
        rows.add(new CustomerRisk("A", "ACC1", 3, 1, 20.0, CustomerRisk.LOW, Double.NaN, null, "2025-03-01"));
        assertSameBytes(rows);
    }

    @Test
    void writesTheSameBytesAsTheSharedMapperForManyRandomRows() throws Exception {
        SplittableRandom random = new SplittableRandom(20261202);
        List<CustomerRisk> rows = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            long total = 1 + random.nextLong(i % 100 == 0 ? Long.MAX_VALUE - 1 : 10_000);
            long flagged = random.nextLong(total + 1);
            double avg = switch (i % 4) {
                case 0 -> random.nextDouble() * 60_000;
                case 1 -> Math.round(random.nextDouble() * 6_000_000) / 100.0;
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                default -> random.nextLong(100_000);
            };
            rows.add(new CustomerRisk(randomText(random), String.format("ACC%010d", random.nextLong(10_000_000_000L)),
                total, flagged, avg, CustomerRisk.riskLevel(flagged, avg * 1.5, avg)));
        }
        assertSameBytes(rows);
    }

    @Test
    void aLoneSurrogateFailsOrPassesAsInTheSharedMapper() throws Exception {
        for (String text : List.of("lone \uD800 high", "lone \uDC00 low", "end \uD83D")) {
            CustomerRisk row = new CustomerRisk(text, "ACC1", 1, 0, 1.0, CustomerRisk.LOW);
            byte[] want;
            try {
                want = Json.toBytes(row);
            } catch (RuntimeException e) {
                try (CustomerRiskJson json = new CustomerRiskJson()) {
                    assertThatThrownBy(() -> json.value(row)).isInstanceOf(RuntimeException.class);
                }
                continue;
            }
            try (CustomerRiskJson json = new CustomerRiskJson()) {
                assertThat(json.value(row)).isEqualTo(want);
            }
        }
    }

    @Test
    void aNullAccountNumberKeyFailsAsMapOfDoes() throws Exception {
        try (CustomerRiskJson json = new CustomerRiskJson()) {
            assertThatThrownBy(() -> json.key(null)).isInstanceOf(NullPointerException.class);
            assertThat(json.key("ACC1")).isEqualTo(Json.toBytes(Map.of("Account Number", "ACC1")));
        }
    }

    private static void assertSameBytes(List<CustomerRisk> rows) throws Exception {
        int checked = 0;
        try (CustomerRiskJson json = new CustomerRiskJson()) {
            for (CustomerRisk row : rows) {
                if (row.accountNumber() != null) {
                    assertThat(new String(json.key(row.accountNumber()), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(new String(Json.toBytes(Map.of("Account Number", row.accountNumber())),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                byte[] want = Json.toBytes(row);
                byte[] got = json.value(row);
                if (!java.util.Arrays.equals(got, want)) {
                    assertThat(new String(got, java.nio.charset.StandardCharsets.UTF_8)).as("row %s", row)
                        .isEqualTo(new String(want, java.nio.charset.StandardCharsets.UTF_8));
                    assertThat(got).as("row %s", row).isEqualTo(want);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(rows.size());
    }

    /** Mostly names, sometimes any BMP character (no lone surrogates) or a supplementary one. */
    private static String randomText(SplittableRandom random) {
        int length = random.nextInt(0, 40);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                s.append((char) random.nextInt(0x20, 0x7f));
            } else if (kind < 7) {
                s.append((char) random.nextInt(0, 0x20));
            } else if (kind < 9) {
                char c = (char) random.nextInt(0x80, 0x10000);
                s.append(Character.isSurrogate(c) ? '\u00e9' : c);
            } else {
                s.appendCodePoint(random.nextInt(0x10000, 0x110000));
            }
        }
        return s.toString();
    }
}
