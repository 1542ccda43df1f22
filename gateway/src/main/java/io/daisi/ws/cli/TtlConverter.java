package io.daisi.ws.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code --ttl}: whole seconds ({@code 90}) or a number with a unit {@code s|m|h|d} ({@code 15m}, {@code 1h}). */
final class TtlConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd]?)");

    @Override
    public Duration convert(String value) {
        Matcher m = TTL.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a lifetime: use seconds (3600) or a number with s, m, h or d (1h)");
        }
        long amount = Long.parseLong(m.group(1));
        Duration ttl = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (ttl.isZero()) {
            throw new CommandLine.TypeConversionException("the lifetime must be positive, got '" + value + "'");
        }
        return ttl;
    }
}
