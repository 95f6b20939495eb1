package dev.fraudwatch.core.json;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The text form of {@code Transaction Time}: local time {@code yyyy-MM-dd HH:mm:ss.SSSSSS} as Python's
 * {@code str(datetime.now())} writes it. Parsing also accepts milliseconds (Flink SQL's form), any other
 * fraction length, no fraction (Python omits it when the microsecond is 0) and ISO's {@code T} separator.
 */
public final class TransactionTime {

    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
        .appendPattern("yyyy-MM-dd")
        .optionalStart().appendLiteral(' ').optionalEnd()
        .optionalStart().appendLiteral('T').optionalEnd()
        .appendPattern("HH:mm:ss")
        .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
        .toFormatter();

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private TransactionTime() {
    }

    /** Parses the text; throws {@link DateTimeParseException} naming the text when it is not a time. */
    public static LocalDateTime parse(String text) {
        if (text == null) {
            throw new DateTimeParseException("Transaction Time is missing", "", 0);
        }
        return LocalDateTime.parse(text.trim(), PARSER);
    }

    /** Python's {@code str(datetime)}: microseconds always printed (FraudWatch never drops the fraction). */
    public static String formatMicros(LocalDateTime time) {
        return MICROS.format(time);
    }

    /** Flink SQL's TIMESTAMP(3) text. */
    public static String formatMillis(LocalDateTime time) {
        return MILLIS.format(time);
    }

    public static long toEpochMillis(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public static LocalDateTime fromEpochMillis(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
            ZoneOffset.UTC);
    }
}
