package io.ipsync.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as people write it on a command line: a number and a unit, {@code 500ms},
 * {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 1d}; or ISO-8601 as
 * {@link Duration#parse} reads it, {@code PT5S}, {@code PT1M30S}. A bare {@code 0} is zero.
 * Negative durations are refused: a timeout of {@code 0} already means "do not wait".
 */
final class DurationConverter implements ITypeConverter<Duration> {

    /** What every error message tells the user to write instead. */
    static final String EXPECTED = "write a number and a unit (500ms, 5s, 1.5s, 2m, 1h, 1d) or ISO-8601 (PT5S)";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private static final Map<String, Duration> UNITS = Map.of(
            "ms", Duration.ofMillis(1),
            "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1),
            "h", Duration.ofHours(1),
            "d", Duration.ofDays(1));

    @Override
    public Duration convert(String text) {
        String trimmed = text.trim();
        Duration duration;
        if (trimmed.startsWith("-")) {
            throw new TypeConversionException("'" + text + "' is negative; a duration must be 0 or more");
        }
        if (trimmed.equals("0")) {
            duration = Duration.ZERO;
        } else if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            duration = parseIso(text, trimmed);
        } else {
            duration = parseNumberAndUnit(text, trimmed);
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is negative; a duration must be 0 or more");
        }
        return duration;
    }

    private static Duration parseIso(String text, String trimmed) {
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration: " + EXPECTED);
        }
    }

    private static Duration parseNumberAndUnit(String text, String trimmed) {
        Matcher matcher = NUMBER_AND_UNIT.matcher(trimmed);
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration: " + EXPECTED);
        }
        BigDecimal nanos = new BigDecimal(matcher.group(1))
                .multiply(BigDecimal.valueOf(UNITS.get(matcher.group(2)).toNanos()));
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not a duration: "
                    + (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                            ? "it is too long (at most about 292 years)"
                            : "it is finer than a nanosecond"));
        }
    }
}
