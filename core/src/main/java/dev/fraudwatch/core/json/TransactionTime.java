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

    /**
     * Epoch milliseconds of the text (local time read as UTC), without a {@link DateTimeFormatter}: the contract's
     * fixed layout {@code yyyy-MM-dd HH:mm:ss[.fraction]} is read digit by digit, which matters because every
     * transaction is timed several times per second of traffic (decoding, watermarks, rules) and the general
     * parser cost more than a whole decision. Anything else (other layouts, days 29..31 whose validity depends
     * on the month, errors) goes to {@link #parse}, so both always agree.
     */
    public static long epochMillis(String text) {
        if (text != null && text.length() >= 19 && text.length() <= 29 && text.charAt(4) == '-'
            && text.charAt(7) == '-' && (text.charAt(10) == ' ' || text.charAt(10) == 'T') && text.charAt(13) == ':'
            && text.charAt(16) == ':' && (text.length() == 19 || text.charAt(19) == '.' && text.length() > 20)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int millis = 0;
            boolean fractionOk = true;
            for (int i = 20; i < text.length(); i++) {
                int d = text.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    fractionOk = false;
                    break;
                }
                if (i < 23) {
                    millis = millis * 10 + d;
                }
            }
            for (int i = Math.max(20, text.length()); i < 23 && text.length() > 19; i++) {
                millis *= 10;
            }
            if (fractionOk && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0
                && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return toEpochMillis(parse(text));
    }

    /** The number in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    public static long toEpochMillis(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public static LocalDateTime fromEpochMillis(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
            ZoneOffset.UTC);
    }
}
