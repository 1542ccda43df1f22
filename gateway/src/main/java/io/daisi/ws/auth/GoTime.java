package io.daisi.ws.auth;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * Go's {@code time.Time} JSON form: RFC 3339 with optional fractional seconds. The JDK's ISO
 * formatters are close but not it: they accept a missing seconds field on input and print
 * fractions in groups of three on output, where Go trims every trailing zero.
 */
final class GoTime {

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendValue(YEAR, 4).appendLiteral('-')
            .appendValue(MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(DAY_OF_MONTH, 2).appendLiteral('T')
            .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .toFormatter(Locale.ROOT);

    /** Go's RFC3339Nano: up to nine digits, trailing zeros trimmed, no point at all when zero. */
    private static final DateTimeFormatter WRITER = new DateTimeFormatterBuilder()
            .append(DATE_TIME)
            .appendFraction(NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    /** The fraction is an optional section needing a digit, so a bare "." is refused as Go refuses it. */
    private static final DateTimeFormatter READER = new DateTimeFormatterBuilder()
            .append(DATE_TIME)
            .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private GoTime() {
    }

    /** In UTC, as the reference writes times it creates. */
    static String format(Instant instant) {
        return WRITER.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** Any offset is accepted; the instant, nanoseconds included, is what is kept. */
    static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, READER).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
