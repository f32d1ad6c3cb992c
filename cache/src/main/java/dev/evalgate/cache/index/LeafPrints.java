package dev.evalgate.cache.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A JSON document's leaves as sorted 64-bit hashes of (JSON Pointer, value), so a miss can rank
 * hundreds of recorded requests by how many leaves they share with it without inflating or parsing
 * any of them: only the few closest are then compared in full by {@link JsonDiff}.
 *
 * <p>The distance of two documents is the size of the symmetric difference of their prints: a
 * changed leaf counts twice, an added or removed leaf once. It ranks; it does not explain. An empty
 * object or array is a leaf of its own.
 */
final class LeafPrints {

    /** Documents with more leaves than this get no prints and are compared in full. */
    static final int MAX_LEAVES = 2048;

    private static final JsonFactory JSON = new JsonFactory();
    private static final long OBJECT = 0x9E3779B97F4A7C15L;
    private static final long ARRAY = 0xC2B2AE3D27D4EB4FL;

    private LeafPrints() {}

    /** The sorted prints of {@code document}, or null when it does not parse or is too large. */
    static long[] of(byte[] document) {
        Walk w = new Walk();
        try (JsonParser p = JSON.createParser(document)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> w.field = hash(p);
                    case START_OBJECT, START_ARRAY -> w.open(t == JsonToken.START_OBJECT);
                    case END_OBJECT, END_ARRAY -> w.close();
                    default -> w.leaf(LeafPrints.mix(t.ordinal(), hash(p)));
                }
                if (w.n > MAX_LEAVES) {
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        long[] sorted = Arrays.copyOf(w.prints, w.n);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * The distance between sorted prints {@code a} and the {@code count} sorted prints in {@code b}
     * from its position on: the size of their symmetric difference.
     */
    static int distance(long[] a, ByteBuffer b, int count) {
        int i = 0;
        int j = 0;
        int same = 0;
        int at = b.position();
        while (i < a.length && j < count) {
            long y = b.getLong(at + j * Long.BYTES);
            if (a[i] == y) {
                same++;
                i++;
                j++;
            } else if (a[i] < y) {
                i++;
            } else {
                j++;
            }
        }
        return a.length + count - 2 * same;
    }

    private static long hash(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int end = p.getTextOffset() + p.getTextLength();
        long h = 0xCBF29CE484222325L;
        for (int i = p.getTextOffset(); i < end; i++) {
            h = (h ^ chars[i]) * 0x100000001B3L;
        }
        return h;
    }

    private static long mix(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The walk's state: one frame per open container. */
    private static final class Walk {
        long[] prints = new long[16];
        int n;
        long field;
        private long[] path = new long[16]; // hash of the container's own pointer and kind
        private int[] members = new int[16]; // members seen so far (array: the next index)
        private boolean[] object = new boolean[16];
        private int depth;

        /** The pointer hash of the member about to be read in the current container. */
        private long member() {
            if (depth == 0) {
                return 0;
            }
            int k = members[depth]++;
            return mix(path[depth], object[depth] ? field : ~(long) k);
        }

        void open(boolean isObject) {
            long where = member();
            if (++depth == path.length) {
                path = Arrays.copyOf(path, depth * 2);
                members = Arrays.copyOf(members, depth * 2);
                object = Arrays.copyOf(object, depth * 2);
            }
            path[depth] = mix(where, isObject ? OBJECT : ARRAY);
            members[depth] = 0;
            object[depth] = isObject;
        }

        void close() {
            if (members[depth] == 0) {
                add(path[depth]);
            }
            depth--;
        }

        void leaf(long value) {
            add(mix(member(), value));
        }

        private void add(long print) {
            if (n == prints.length) {
                prints = Arrays.copyOf(prints, n * 2);
            }
            prints[n++] = print;
        }
    }
}
