package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A gateway whose cache is in the shared Redis under a namespace of its own, so a hostile-input
 * test can check that nothing it sent was cached; {@link #close()} deletes what is left.
 */
final class HostileFixture implements AutoCloseable {

    private final String namespace = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private final RedisClient redisClient = RedisClient.create(RedisFixture.shared());
    private final StatefulRedisConnection<String, String> redis = redisClient.connect();
    private final GatewayStack stack =
            GatewayStack.start(
                    GatewayStack.withCache(
                            "\n  namespace: "
                                    + namespace
                                    + "\n  redis:\n    url: \""
                                    + RedisFixture.shared()
                                    + "\""));

    GatewayStack stack() {
        return stack;
    }

    /** The gateway's port, for raw sockets. */
    int port() {
        return stack.server().port();
    }

    /** Every Redis key holding this gateway's namespace. */
    List<String> cacheKeys() {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches("*" + namespace + "*").limit(500))
                .forEachRemaining(keys::add);
        return keys;
    }

    /** Empties the namespace through the admin API. */
    void purgeCache() {
        HttpResponse<String> r =
                Http.send(
                        Http.request(stack.gatewayUrl() + "/admin/cache?namespace=" + namespace)
                                .DELETE()
                                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Nothing reached the upstream or the cache since the simulator was last reset. */
    void assertNothingUpstreamOrCached() {
        assertThat(stack.simulator().recordedRequests()).isEmpty();
        assertThat(cacheKeys()).isEmpty();
    }

    @Override
    public void close() {
        try {
            List<String> keys = cacheKeys();
            if (!keys.isEmpty()) {
                redis.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.close();
            redisClient.shutdown();
            stack.close();
        }
    }
}
