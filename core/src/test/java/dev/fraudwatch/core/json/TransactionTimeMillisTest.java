package dev.fraudwatch.core.json;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTimeMillisTest {

    @Test
    void agreesWithTheGeneralParserOnEveryLayout() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 3_000; i++) {
            LocalDateTime t = LocalDateTime.of(1990 + r.nextInt(60), 1 + r.nextInt(12), 1 + r.nextInt(28),
                r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000);
            String micros = TransactionTime.formatMicros(t);
            for (String text : new String[] {micros, TransactionTime.formatMillis(t), micros.substring(0, 19),
                micros.substring(0, 21), micros.substring(0, 22), micros.replace(' ', 'T')}) {
                assertThat(TransactionTime.epochMillis(text)).as(text)
                    .isEqualTo(TransactionTime.toEpochMillis(TransactionTime.parse(text)));
            }
        }
    }

    @Test
    void monthEndsAndNanosecondsGoThroughTheGeneralParser() {
        for (String text : new String[] {"2024-02-29 23:59:59.999999", "2025-01-31 00:00:00.5",
            "2025-03-01 12:00:00.123456789"}) {
            assertThat(TransactionTime.epochMillis(text)).isEqualTo(TransactionTime.toEpochMillis(TransactionTime.parse(text)));
        }
    }

    @Test
    void rejectsWhatTheGeneralParserRejects() {
        assertThatThrownBy(() -> TransactionTime.epochMillis("2025-13-01 00:00:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> TransactionTime.epochMillis("yesterday")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> TransactionTime.epochMillis("2025-03-01 00:00:00.")).isInstanceOf(DateTimeParseException.class);
    }
}
