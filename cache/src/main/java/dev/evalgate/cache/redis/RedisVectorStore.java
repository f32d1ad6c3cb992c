package dev.evalgate.cache.redis;

import dev.evalgate.cache.semantic.VectorEntry;
import dev.evalgate.cache.semantic.VectorStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The semantic tier's entries in Redis, beside the exact answers: one stream per frame under {@code
 * keyPrefix + "sem:" + frame}, each entry with the fields {@code k} (store key, UTF-8), {@code v}
 * (vector, little-endian float32) and {@code t} (text, UTF-8).
 *
 * <p>An add is {@code XADD key MAXLEN maxEntries * k … v … t …} and {@code PEXPIRE key ttl}, sent
 * back to back so Lettuce pipelines them. Trimming is exact: a frame's stream is small, and exact
 * trimming keeps the promise of {@link VectorStore#add}. A read is {@code XRANGE key (cursor +
 * COUNT max} (exclusive start, Redis 6.2 or newer), the cursor being a stream entry id. Single-key
 * commands only, so it works on a Cluster. An entry that does not decode is skipped.
 *
 * <p>Shares its {@link RedisStore}'s connection; closing it leaves the connection open. Every
 * command gives up after {@link RedisSettings#writeTimeout()}; failures are counted and logged
 * rate-limited.
 */
final class RedisVectorStore implements VectorStore {

    private static final String FRAME_PREFIX = "sem:";
    private static final byte[] KEY_FIELD = {'k'};
    private static final byte[] VECTOR_FIELD = {'v'};
    private static final byte[] TEXT_FIELD = {'t'};

    private final LazyConnection<RedisClusterAsyncCommands<byte[], byte[]>> connection;
    private final RedisSettings settings;
    private final RateLimitedLog warnings;
    private final LongAdder addFailures = new LongAdder();
    private final LongAdder readFailures = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    RedisVectorStore(
            LazyConnection<RedisClusterAsyncCommands<byte[], byte[]>> connection,
            RedisSettings settings,
            RateLimitedLog warnings) {
        this.connection = connection;
        this.settings = settings;
        this.warnings = warnings;
    }

    @Override
    public CompletionStage<Void> add(
            String frame, VectorEntry entry, int maxEntries, Duration ttl) {
        Objects.requireNonNull(entry, "entry");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        byte[] key = streamKey(frame);
        byte[] storeKey = entry.storeKey().getBytes(StandardCharsets.UTF_8);
        byte[] vector = encodeVector(entry.vector());
        byte[] text = entry.text().getBytes(StandardCharsets.UTF_8);
        XAddArgs trim = new XAddArgs().maxlen(maxEntries);
        return connection
                .get()
                .thenCompose(
                        commands -> {
                            // Issued back to back: Lettuce pipelines them on the connection.
                            RedisFuture<String> added =
                                    commands.xadd(
                                            key,
                                            trim,
                                            KEY_FIELD,
                                            storeKey,
                                            VECTOR_FIELD,
                                            vector,
                                            TEXT_FIELD,
                                            text);
                            RedisFuture<Boolean> expiring = commands.pexpire(key, ttl.toMillis());
                            return added.thenCombine(expiring, (id, expired) -> id);
                        })
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle(
                        (ok, error) -> {
                            if (error != null) {
                                addFailures.increment();
                                warnings.warn("vector add", RedisStore.describe(error));
                            }
                            return null;
                        });
    }

    @Override
    public CompletionStage<Batch> read(String frame, String after, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        byte[] key = streamKey(frame);
        Range<String> range =
                Range.from(
                        after == null
                                ? Range.Boundary.unbounded()
                                : Range.Boundary.excluding(after),
                        Range.Boundary.unbounded());
        return connection
                .get()
                .thenCompose(commands -> commands.xrange(key, range, Limit.from(max)))
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle(
                        (messages, error) -> {
                            if (error != null || messages == null) {
                                readFailures.increment();
                                warnings.warn(
                                        "vector read",
                                        error == null ? "no reply" : RedisStore.describe(error));
                                return Batch.failed(after);
                            }
                            return decodeBatch(messages, after);
                        });
    }

    private Batch decodeBatch(List<StreamMessage<byte[], byte[]>> messages, String after) {
        List<VectorEntry> entries = new ArrayList<>(messages.size());
        String cursor = after;
        for (StreamMessage<byte[], byte[]> message : messages) {
            cursor = message.getId();
            VectorEntry entry = decodeEntry(message.getBody());
            if (entry == null) {
                skipped.increment();
                warnings.warn("vector entry", "undecodable stream entry skipped");
            } else {
                entries.add(entry);
            }
        }
        return new Batch(entries, cursor, false);
    }

    /** The entry in a stream entry's fields, or null if a field is missing or malformed. */
    private static VectorEntry decodeEntry(Map<byte[], byte[]> body) {
        if (body == null) {
            return null;
        }
        byte[] storeKey = null;
        byte[] vector = null;
        byte[] text = null;
        // byte[] keys compare by identity, so the map cannot be asked for a field.
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            byte[] name = field.getKey();
            if (name == null || name.length != 1) {
                continue;
            }
            switch (name[0]) {
                case 'k' -> storeKey = field.getValue();
                case 'v' -> vector = field.getValue();
                case 't' -> text = field.getValue();
                default -> {}
            }
        }
        if (storeKey == null
                || text == null
                || vector == null
                || vector.length == 0
                || vector.length % Float.BYTES != 0) {
            return null;
        }
        return new VectorEntry(
                new String(storeKey, StandardCharsets.UTF_8),
                decodeVector(vector),
                new String(text, StandardCharsets.UTF_8));
    }

    private static byte[] encodeVector(float[] vector) {
        ByteBuffer bytes =
                ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    private static float[] decodeVector(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    private byte[] streamKey(String frame) {
        Objects.requireNonNull(frame, "frame");
        return (settings.keyPrefix() + FRAME_PREFIX + frame).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds that failed or timed out. */
    long addFailures() {
        return addFailures.sum();
    }

    /** Reads that failed or timed out. */
    long readFailures() {
        return readFailures.sum();
    }

    /** Stream entries skipped because they did not decode. */
    long skipped() {
        return skipped.sum();
    }

    /** Does nothing: the connection belongs to the {@link RedisStore}. */
    @Override
    public void close() {}
}
