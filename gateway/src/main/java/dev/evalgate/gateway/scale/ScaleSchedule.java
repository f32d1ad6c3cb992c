package dev.evalgate.gateway.scale;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a provider is expected to be busy: on {@code days}, from {@code from} to {@code to} local
 * time in {@code zone}. Inside a window the idle threshold applies; outside every window the
 * provider is scaled down as soon as nothing is in flight. A window whose end is not after its
 * start runs overnight and belongs to the day it starts on ({@code fri 22:00–06:00} ends on
 * Saturday morning).
 *
 * <p>Local times are compared in the zone, so a window keeps its wall-clock hours across daylight
 * saving changes; a start inside a skipped hour begins at the first local time after it.
 *
 * @param days the days a window starts on, never empty
 * @param fromMinute the window's start, minutes after local midnight, 0..1439
 * @param toMinute the window's end, minutes after local midnight, 1..1440 (1440: midnight)
 * @param zone the time zone the times are in
 */
public record ScaleSchedule(Set<DayOfWeek> days, int fromMinute, int toMinute, ZoneId zone) {

    /** Validates the figures; the binder reports bad config before this is reached. */
    public ScaleSchedule {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("days: [] (expected: at least one day)");
        }
        if (fromMinute < 0 || fromMinute >= 1440 || toMinute < 1 || toMinute > 1440) {
            throw new IllegalArgumentException(
                    "from/to: " + fromMinute + "/" + toMinute + " (expected: 0..1439 / 1..1440)");
        }
        if (fromMinute == toMinute) {
            throw new IllegalArgumentException("from equals to: " + fromMinute);
        }
        days = java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** True when {@code instant} falls inside one of the schedule's windows. */
    public boolean activeAt(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        int minute = local.getHour() * 60 + local.getMinute();
        if (fromMinute < toMinute) {
            return days.contains(day) && minute >= fromMinute && minute < toMinute;
        }
        // Overnight: the evening part on a listed day, the morning part on the day after one.
        return days.contains(day) && minute >= fromMinute
                || days.contains(day.minus(1)) && minute < toMinute;
    }

    /** {@code HH:mm}, {@code 24:00} for midnight at the end. */
    static String clock(int minute) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }

    @Override
    public String toString() {
        return "ScaleSchedule["
                + days
                + " "
                + clock(fromMinute)
                + "-"
                + clock(toMinute)
                + " "
                + zone
                + "]";
    }
}
