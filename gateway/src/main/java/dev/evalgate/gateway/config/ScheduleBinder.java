package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.scale.ScaleSchedule;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates and binds a {@code scale_to_zero.schedule}: days, from, to, zone. */
final class ScheduleBinder {

    private static final List<String> KEYS = List.of("days", "from", "to", "zone");
    private static final List<String> DAY_NAMES =
            List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final String DAYS =
            "a list of mon..sun or ranges like mon-fri, or one such string (\"mon-fri, sun\")";
    private static final String TIME = "a local time \"HH:mm\", 00:00..24:00";
    private static final String ZONE = "a time zone ID such as Europe/Berlin or UTC";
    private static final Pattern CLOCK = Pattern.compile("([01][0-9]|2[0-4]):([0-5][0-9])");

    private ScheduleBinder() {}

    /** The schedule at {@code parent.schedule}, or null after recording problems. */
    static ScaleSchedule bind(Fields parent) {
        Problems problems = parent.problems();
        int before = problems.count();
        Fields f =
                Fields.of(
                        parent.get("schedule"),
                        parent.path("schedule"),
                        problems,
                        "a mapping of " + String.join(", ", KEYS),
                        KEYS);
        Set<DayOfWeek> days = f.has("days") ? days(f) : EnumSet.allOf(DayOfWeek.class);
        int from = f.has("from") ? minute(f, "from", false) : 0;
        int to = f.has("to") ? minute(f, "to", true) : 24 * 60;
        ZoneId zone = zone(f);
        if (problems.count() != before) {
            return null;
        }
        if (from == to) {
            problems.invalid(
                    f.path("to"),
                    f.has("to") ? f.get("to") : f.get("from"),
                    "a time other than from; earlier than from for a window over midnight");
            return null;
        }
        return new ScaleSchedule(days, from, to, zone);
    }

    private static Set<DayOfWeek> days(Fields f) {
        JsonNode node = f.get("days");
        List<String> items = new ArrayList<>();
        if (node.isTextual()) {
            for (String part : node.textValue().split(",", -1)) {
                items.add(part.strip());
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                items.add(item.isTextual() ? item.textValue().strip() : null);
            }
        } else {
            f.problems().invalid(f.path("days"), node, DAYS);
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : items) {
            if (!addDays(item, days)) {
                f.problems().invalid(f.path("days"), node, DAYS);
                return null;
            }
        }
        return days;
    }

    /** Adds {@code mon} or {@code mon-fri} (wrapping past sun); false when it is neither. */
    private static boolean addDays(String item, Set<DayOfWeek> days) {
        if (item == null) {
            return false;
        }
        String[] ends = item.toLowerCase(Locale.ROOT).split("-", -1);
        if (ends.length > 2) {
            return false;
        }
        int first = DAY_NAMES.indexOf(ends[0].strip());
        int last = DAY_NAMES.indexOf(ends[ends.length - 1].strip());
        if (first < 0 || last < 0) {
            return false;
        }
        for (int d = first; ; d = (d + 1) % 7) {
            days.add(DayOfWeek.of(d + 1));
            if (d == last) {
                return true;
            }
        }
    }

    private static int minute(Fields f, String key, boolean endOfDay) {
        String text = f.text(f.get(key), f.path(key), TIME, false);
        if (text == null) {
            return -1;
        }
        Matcher m = CLOCK.matcher(text);
        int minute =
                m.matches() ? Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) : -1;
        int max = endOfDay ? 24 * 60 : 24 * 60 - 1;
        if (minute < 0 || minute > max) {
            f.problems()
                    .invalidText(
                            f.path(key),
                            text,
                            endOfDay ? TIME : "a local time \"HH:mm\", 00:00..23:59");
            return -1;
        }
        return minute;
    }

    private static ZoneId zone(Fields f) {
        String text = f.requiredString("zone", ZONE);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            f.problems().invalidText(f.path("zone"), text, ZONE);
            return null;
        }
    }
}
