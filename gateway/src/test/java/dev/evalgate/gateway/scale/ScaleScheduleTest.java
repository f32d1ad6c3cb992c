package dev.evalgate.gateway.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Schedule windows in a named zone: weekdays, edges, daylight saving, overnight windows. */
class ScaleScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final ScaleSchedule weekdays =
            new ScaleSchedule(
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 7 * 60, 20 * 60, BERLIN);

    @Test
    void isActiveOnWeekdaysFromTheStartUpToButNotIncludingTheEnd() {
        // 2026-11-30 is a Monday; Berlin is UTC+1 in winter.
        assertThat(weekdays.activeAt(Instant.parse("2026-11-30T05:59:59Z"))).isFalse();
        assertThat(weekdays.activeAt(Instant.parse("2026-11-30T06:00:00Z"))).isTrue();
        assertThat(weekdays.activeAt(Instant.parse("2026-11-30T18:59:59Z"))).isTrue();
        assertThat(weekdays.activeAt(Instant.parse("2026-11-30T19:00:00Z"))).isFalse();
        assertThat(weekdays.activeAt(Instant.parse("2026-12-04T12:00:00Z"))).isTrue();
        assertThat(weekdays.activeAt(Instant.parse("2026-12-05T12:00:00Z")))
                .as("Saturday")
                .isFalse();
    }

    @Test
    void readsTheTimesInItsOwnZone() {
        Instant mondayUtc0630 = Instant.parse("2026-11-30T06:30:00Z");
        ScaleSchedule newYork =
                new ScaleSchedule(weekdays.days(), 7 * 60, 20 * 60, ZoneId.of("America/New_York"));

        assertThat(weekdays.activeAt(mondayUtc0630)).as("07:30 in Berlin").isTrue();
        assertThat(newYork.activeAt(mondayUtc0630)).as("01:30 in New York").isFalse();
    }

    @Test
    void keepsWallClockHoursAcrossTheChangeToSummerTime() {
        // Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29.
        assertThat(weekdays.activeAt(Instant.parse("2026-03-27T05:30:00Z")))
                .as("Friday before: 06:30 CET")
                .isFalse();
        assertThat(weekdays.activeAt(Instant.parse("2026-03-30T05:30:00Z")))
                .as("Monday after: 07:30 CEST")
                .isTrue();
        assertThat(weekdays.activeAt(Instant.parse("2026-03-30T18:30:00Z")))
                .as("Monday after: 20:30 CEST")
                .isFalse();
    }

    @Test
    void aWindowStartingInTheSkippedHourBeginsRightAfterIt() {
        ScaleSchedule nightly =
                new ScaleSchedule(EnumSet.allOf(DayOfWeek.class), 2 * 60 + 30, 4 * 60, BERLIN);

        assertThat(nightly.activeAt(Instant.parse("2026-03-29T00:59:59Z")))
                .as("01:59:59 CET")
                .isFalse();
        assertThat(nightly.activeAt(Instant.parse("2026-03-29T01:00:00Z")))
                .as("03:00 CEST, the first time after the gap")
                .isTrue();
    }

    @Test
    void anHourThatHappensTwiceInAutumnIsInsideTheWindowBothTimes() {
        ScaleSchedule twoToThree =
                new ScaleSchedule(EnumSet.of(DayOfWeek.SUNDAY), 2 * 60, 3 * 60, BERLIN);

        assertThat(twoToThree.activeAt(Instant.parse("2026-10-25T00:30:00Z")))
                .as("02:30 CEST")
                .isTrue();
        assertThat(twoToThree.activeAt(Instant.parse("2026-10-25T01:30:00Z")))
                .as("02:30 CET")
                .isTrue();
        assertThat(twoToThree.activeAt(Instant.parse("2026-10-25T02:00:00Z")))
                .as("03:00 CET")
                .isFalse();
    }

    @Test
    void anOvernightWindowBelongsToTheDayItStarts() {
        ScaleSchedule fridayNight =
                new ScaleSchedule(EnumSet.of(DayOfWeek.FRIDAY), 22 * 60, 6 * 60, ZoneId.of("UTC"));

        assertThat(fridayNight.activeAt(Instant.parse("2026-12-04T21:59:00Z"))).isFalse();
        assertThat(fridayNight.activeAt(Instant.parse("2026-12-04T22:00:00Z"))).isTrue();
        assertThat(fridayNight.activeAt(Instant.parse("2026-12-05T05:59:00Z"))).isTrue();
        assertThat(fridayNight.activeAt(Instant.parse("2026-12-05T06:00:00Z"))).isFalse();
        assertThat(fridayNight.activeAt(Instant.parse("2026-12-04T01:00:00Z")))
                .as("Friday morning belongs to Thursday's window, which is not listed")
                .isFalse();
    }

    @Test
    void aWindowToMidnightIncludesTheLastMinute() {
        ScaleSchedule late =
                new ScaleSchedule(EnumSet.of(DayOfWeek.MONDAY), 18 * 60, 24 * 60, ZoneId.of("UTC"));

        assertThat(late.activeAt(Instant.parse("2026-11-30T23:59:59Z"))).isTrue();
        assertThat(late.activeAt(Instant.parse("2026-12-01T00:00:00Z"))).isFalse();
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(
                        () ->
                                new ScaleSchedule(
                                        EnumSet.of(DayOfWeek.MONDAY), 60, 60, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
