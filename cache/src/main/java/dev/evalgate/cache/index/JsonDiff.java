package dev.evalgate.cache.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.TreeSet;

/**
 * Compares two canonical JSON bodies: how many leaves differ, and the JSON Pointer (RFC 6901) of
 * the first difference in document order.
 */
public final class JsonDiff {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonDiff() {}

    /**
     * The result of a comparison.
     *
     * @param differences differing leaves (an added or removed member counts once)
     * @param firstPointer pointer of the first difference, {@code ""} for the root; null when equal
     */
    public record Diff(int differences, String firstPointer) {
        /** True when the bodies are equal. */
        public boolean equal() {
            return differences == 0;
        }
    }

    /** Compares two JSON documents; an unparseable one differs at the root. */
    public static Diff compare(byte[] a, byte[] b) {
        return compare(parse(a), b);
    }

    /**
     * Compares a document parsed once with {@link #parse} (null: unparseable) to another, so one
     * request can be compared with many recorded ones without parsing it again each time.
     */
    public static Diff compare(JsonNode x, byte[] b) {
        try {
            if (x == null) {
                return new Diff(1, "");
            }
            JsonNode y = JSON.readTree(b);
            Walk w = new Walk();
            w.compare(x, y, "");
            return new Diff(w.count, w.first);
        } catch (IOException e) {
            return new Diff(1, "");
        }
    }

    /** A document's tree for {@link #compare(JsonNode, byte[])}; null when it does not parse. */
    public static JsonNode parse(byte[] document) {
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            return null;
        }
    }

    private static final class Walk {
        int count;
        String first;

        void differ(String pointer) {
            count++;
            if (first == null) {
                first = pointer;
            }
        }

        void compare(JsonNode x, JsonNode y, String at) {
            if (x.isObject() && y.isObject()) {
                TreeSet<String> names = new TreeSet<>();
                x.fieldNames().forEachRemaining(names::add);
                y.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    String child = at + "/" + escape(name);
                    JsonNode cx = x.get(name);
                    JsonNode cy = y.get(name);
                    if (cx == null || cy == null) {
                        differ(child);
                    } else {
                        compare(cx, cy, child);
                    }
                }
                return;
            }
            if (x.isArray() && y.isArray()) {
                int n = Math.max(x.size(), y.size());
                for (int i = 0; i < n; i++) {
                    String child = at + "/" + i;
                    if (i >= x.size() || i >= y.size()) {
                        differ(child);
                    } else {
                        compare(x.get(i), y.get(i), child);
                    }
                }
                return;
            }
            if (!x.equals(y)) {
                differ(at);
            }
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
