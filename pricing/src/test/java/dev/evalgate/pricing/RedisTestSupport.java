package dev.evalgate.pricing;

import dev.evalgate.cache.redis.RedisFixture;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Connections to the shared test Redis, each test under a key prefix of its own. */
public final class RedisTestSupport implements AutoCloseable {

    private final RedisClient client = RedisClient.create(RedisFixture.shared());
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final String prefix = "evalgate-test:" + UUID.randomUUID() + ":";

    /** A new connection; each stands for one gateway replica. */
    public StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = client.connect();
        connections.add(connection);
        return connection;
    }

    /** This test's key prefix. */
    public String prefix() {
        return prefix;
    }

    /** The synchronous API, for assertions only. */
    public RedisCommands<String, String> sync() {
        return connections.isEmpty() ? connect().sync() : connections.get(0).sync();
    }

    /** Deletes this test's keys and closes every connection. */
    @Override
    public void close() {
        RedisCommands<String, String> sync = sync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            // A shared Redis may hold a million keys: SCAN's default COUNT of 10 made one cleanup
            // take 100,000 round trips (RedisBudgetStoreTest ran 285 s).
            KeyScanCursor<String> page =
                    sync.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(10_000));
            if (!page.getKeys().isEmpty()) {
                sync.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown();
    }
}
