package dev.evalgate.gateway.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the sizes ({@code 16MiB}) and durations ({@code 30s}) of the config. */
final class Units {

    /** Shown in problems about sizes. */
    static final String SIZE_FORMAT = "a byte count or <n>B|KB|MB|GB|KiB|MiB|GiB";

    /** Shown in problems about durations. */
    static final String DURATION_FORMAT = "a duration <n>ms|s|m|h|d";

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(B|KB|MB|GB|KiB|MiB|GiB)?");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,19})(ms|s|m|h|d)");
    private static final Map<String, Long> SIZE_UNITS =
            Map.of(
                    "B", 1L,
                    "KB", 1_000L,
                    "MB", 1_000_000L,
                    "GB", 1_000_000_000L,
                    "KiB", 1L << 10,
                    "MiB", 1L << 20,
                    "GiB", 1L << 30);
    private static final Map<String, ChronoUnit> DURATION_UNITS =
            Map.of(
                    "ms", ChronoUnit.MILLIS,
                    "s", ChronoUnit.SECONDS,
                    "m", ChronoUnit.MINUTES,
                    "h", ChronoUnit.HOURS,
                    "d", ChronoUnit.DAYS);

    private Units() {}

    /**
     * The byte count {@code text} spells, or null when it is not a size. A size too large for a
     * long reads as {@link Long#MAX_VALUE}, so range checks reject it.
     */
    static Long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long unit = m.group(2) == null ? 1 : SIZE_UNITS.get(m.group(2));
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The duration {@code text} spells, or null when it is not a duration. One too long to
     * represent reads as {@link ChronoUnit#FOREVER}'s, so range checks reject it.
     */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            return Duration.of(Long.parseLong(m.group(1)), DURATION_UNITS.get(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            return ChronoUnit.FOREVER.getDuration();
        }
    }

    /** {@code bytes} in the largest binary unit that divides it: {@code 16MiB}, {@code 1500B}. */
    static String formatSize(long bytes) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            long factor = SIZE_UNITS.get(unit);
            if (bytes != 0 && bytes % factor == 0) {
                return bytes / factor + unit;
            }
        }
        return bytes + "B";
    }

    /** {@code duration} in the largest unit that divides it: {@code 2m}, {@code 1500ms}. */
    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
