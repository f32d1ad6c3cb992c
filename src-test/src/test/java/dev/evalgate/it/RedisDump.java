package dev.evalgate.it;

import dev.evalgate.cache.store.AnswerCodec;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.CorruptEntryException;
import dev.evalgate.cache.store.StoredHeader;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;

/** Every key and value in a Redis, as ISO-8859-1 text; answer envelopes also decoded. */
final class RedisDump {

    /** The dump, and how many keys it holds. */
    record Dump(String text, int keys) {}

    private RedisDump() {}

    static Dump all(String url) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<byte[], byte[]> connection =
                client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = connection.sync();
            StringBuilder out = new StringBuilder();
            int keys = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.limit(500));
                for (byte[] key : page.getKeys()) {
                    keys++;
                    out.append("key ").append(text(key)).append('\n');
                    dumpValue(redis, key, out);
                }
                cursor = page;
            } while (!cursor.isFinished());
            return new Dump(out.toString(), keys);
        } finally {
            client.shutdown();
        }
    }

    private static void dumpValue(
            RedisCommands<byte[], byte[]> redis, byte[] key, StringBuilder out) {
        switch (redis.type(key)) {
            case "string" -> {
                byte[] value = redis.get(key);
                if (value != null) {
                    out.append(text(value)).append('\n');
                    decoded(value, out);
                }
            }
            case "list" -> redis.lrange(key, 0, -1).forEach(v -> out.append(text(v)).append('\n'));
            case "set" -> redis.smembers(key).forEach(v -> out.append(text(v)).append('\n'));
            case "zset" ->
                    redis.zrangeWithScores(key, 0, -1)
                            .forEach(
                                    v ->
                                            out.append(text(v.getValue()))
                                                    .append(' ')
                                                    .append(v.getScore())
                                                    .append('\n'));
            case "hash" ->
                    redis.hgetall(key)
                            .forEach(
                                    (f, v) ->
                                            out.append(text(f))
                                                    .append('=')
                                                    .append(text(v))
                                                    .append('\n'));
            case "stream" -> {
                for (StreamMessage<byte[], byte[]> m : redis.xrange(key, Range.create("-", "+"))) {
                    m.getBody()
                            .forEach(
                                    (f, v) ->
                                            out.append(text(f))
                                                    .append('=')
                                                    .append(text(v))
                                                    .append('\n'));
                }
            }
            default -> {
                // gone since the scan ("none"), or a type the gateway never writes
            }
        }
    }

    /** An answer envelope's headers and inflated body (deflated above 1 KiB). */
    private static void decoded(byte[] value, StringBuilder out) {
        if (value.length < 3 || value[0] != 'E' || value[1] != 'G' || value[2] != 'A') {
            return;
        }
        try {
            CachedAnswer answer = AnswerCodec.decode(value);
            for (StoredHeader h : answer.headers()) {
                out.append(h.name()).append(": ").append(h.value()).append('\n');
            }
            out.append(text(answer.body())).append('\n');
        } catch (CorruptEntryException e) {
            out.append("undecodable envelope: ").append(e.getMessage()).append('\n');
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
