package dev.evalgate.cache.index;

import dev.evalgate.cache.store.Zlib;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Says why a request missed, against the recorded requests of the same tenant, namespace, endpoint,
 * model and pipeline: {@code new} (nothing comparable recorded), {@code expired} (this very request
 * was recorded, its answer is gone) or {@code changed} (the closest recorded request differs, first
 * at a JSON Pointer). Entries carry the body's {@link LeafPrints} ahead of the body.
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

    /** Recorded requests compared in full once ranked by their leaf prints. */
    static final int COMPARED_IN_FULL = 3;

    /** First byte of an entry that carries leaf prints; never the first byte of a zlib stream. */
    static final byte PRINTED = 0x01;

    /**
     * The explanation for {@code canonical} against {@code entries} (as {@link #encode} made them).
     *
     * <p>Entries are ranked by {@link LeafPrints} distance without being inflated; only the {@value
     * #COMPARED_IN_FULL} closest (and any entry without prints) are inflated and compared in full.
     */
    public static Explanation explain(byte[] canonical, List<byte[]> entries) {
        long[] mine = LeafPrints.of(canonical);
        byte[][] closest = new byte[COMPARED_IN_FULL][];
        int[] distances = new int[COMPARED_IN_FULL];
        java.util.Arrays.fill(distances, Integer.MAX_VALUE);
        List<byte[]> unprinted = new java.util.ArrayList<>();
        for (byte[] entry : entries) {
            int count = mine == null ? -1 : printCount(entry);
            if (count < 0) {
                unprinted.add(entry);
                continue;
            }
            int d = LeafPrints.distance(mine, ByteBuffer.wrap(entry, 5, count * Long.BYTES), count);
            for (int i = 0; i < COMPARED_IN_FULL; i++) {
                if (d < distances[i]) {
                    System.arraycopy(distances, i, distances, i + 1, COMPARED_IN_FULL - 1 - i);
                    System.arraycopy(closest, i, closest, i + 1, COMPARED_IN_FULL - 1 - i);
                    distances[i] = d;
                    closest[i] = entry;
                    break;
                }
            }
        }
        JsonDiff.Diff best = null;
        com.fasterxml.jackson.databind.JsonNode request = null;
        List<byte[]> compared = new java.util.ArrayList<>(unprinted);
        for (byte[] entry : closest) {
            if (entry != null) {
                compared.add(entry);
            }
        }
        for (byte[] entry : compared) {
            byte[] recorded = decode(entry);
            if (recorded == null) {
                continue;
            }
            if (java.util.Arrays.equals(canonical, recorded)) {
                return new Explanation("expired", null, 0);
            }
            if (request == null) {
                // Parsed once, not once per recorded request.
                request = JsonDiff.parse(canonical);
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

    /**
     * An index entry for a canonical body, or null if it is too large to index: {@code 0x01}, the
     * body's leaf prints (their count as an int, then the prints), then the body itself. A body
     * whose prints cannot be taken is stored deflated alone, as every entry was before prints.
     *
     * <p>Bodies are not compressed: deflating one on the event loop cost more than the rest of
     * indexing it, and a key's entries are few ({@link RecordedRequests#MAX_ENTRIES}).
     */
    public static byte[] encode(byte[] canonical) {
        if (canonical.length > RecordedRequests.MAX_ENTRY_BYTES) {
            return null;
        }
        long[] prints = LeafPrints.of(canonical);
        if (prints == null) {
            return deflate(canonical);
        }
        ByteBuffer entry = ByteBuffer.allocate(5 + prints.length * Long.BYTES + canonical.length);
        entry.put(PRINTED).putInt(prints.length);
        for (long print : prints) {
            entry.putLong(print);
        }
        return entry.put(canonical).array();
    }

    /** How many prints an entry carries, or -1 when it carries none (or is garbage). */
    static int printCount(byte[] entry) {
        if (entry.length < 5 || entry[0] != PRINTED) {
            return -1;
        }
        int count = ByteBuffer.wrap(entry, 1, 4).getInt();
        return count >= 0
                        && count <= LeafPrints.MAX_LEAVES
                        && 5L + count * (long) Long.BYTES <= entry.length
                ? count
                : -1;
    }

    /**
     * The deflated body alone: an entry as written before entries carried prints, and still for a
     * body without prints.
     */
    static byte[] deflate(byte[] canonical) {
        Deflater deflater = Zlib.deflater();
        deflater.setInput(canonical);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(canonical.length / 3 + 16);
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        return out.toByteArray();
    }

    /** The canonical body of an entry, or null for garbage (never more than the size bound). */
    static byte[] decode(byte[] entry) {
        int count = printCount(entry);
        if (count >= 0) {
            return java.util.Arrays.copyOfRange(entry, 5 + count * Long.BYTES, entry.length);
        }
        Inflater inflater = Zlib.inflater();
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
        }
    }
}
