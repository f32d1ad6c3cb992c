package dev.evalgate.cache.index;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Says why a request missed, against the recorded requests of the same tenant, namespace, endpoint,
 * model and pipeline: {@code new} (nothing comparable recorded), {@code expired} (this very request
 * was recorded, its answer is gone) or {@code changed} (the closest recorded request differs, first
 * at a JSON Pointer). Entries are stored deflated.
 */
public final class MissExplainer {

    private MissExplainer() {}

    /**
     * Why a request missed.
     *
     * @param reason {@code new}, {@code expired} or {@code changed} (a bounded metric label)
     * @param pointer for {@code changed}: the first field that differs from the closest recorded
     *     request; otherwise null
     * @param differences for {@code changed}: how many fields differ
     */
    public record Explanation(String reason, String pointer, int differences) {
        /** The reason with its pointer, for manifests and error messages. */
        public String describe() {
            return pointer == null
                    ? reason
                    : reason
                            + " "
                            + (pointer.isEmpty() ? "/" : pointer)
                            + (differences == 1
                                    ? " (1 field differs)"
                                    : " (" + differences + " fields differ)");
        }
    }

    /** Nothing comparable was recorded. */
    public static final Explanation NEW = new Explanation("new", null, 0);

    /**
     * The explanation for {@code canonical} against {@code entries} (as {@link #encode} made them).
     */
    public static Explanation explain(byte[] canonical, List<byte[]> entries) {
        JsonDiff.Diff best = null;
        // Parsed once, not once per recorded request: most of a miss's explaining was this.
        com.fasterxml.jackson.databind.JsonNode request = JsonDiff.parse(canonical);
        for (byte[] entry : entries) {
            byte[] recorded = decode(entry);
            if (recorded == null) {
                continue;
            }
            if (java.util.Arrays.equals(canonical, recorded)) {
                return new Explanation("expired", null, 0);
            }
            JsonDiff.Diff d = JsonDiff.compare(request, recorded);
            if (d.equal()) {
                return new Explanation("expired", null, 0);
            }
            if (best == null || d.differences() < best.differences()) {
                best = d;
            }
        }
        return best == null
                ? NEW
                : new Explanation("changed", best.firstPointer(), best.differences());
    }

    /** An index entry for a canonical body, or null if it is too large to index. */
    public static byte[] encode(byte[] canonical) {
        if (canonical.length > RecordedRequests.MAX_ENTRY_BYTES) {
            return null;
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(canonical);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(canonical.length / 3 + 16);
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The canonical body of an entry, or null for garbage (never more than the size bound). */
    static byte[] decode(byte[] entry) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(entry);
            ByteArrayOutputStream out = new ByteArrayOutputStream(entry.length * 3);
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > RecordedRequests.MAX_ENTRY_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
