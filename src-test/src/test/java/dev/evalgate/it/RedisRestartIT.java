package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL) and restarted under a steady load: not one client request fails, and once
 * Redis is back the gateway stores in it again and answers from it. The Redis is the test's own, on
 * a port of its own; the gateway has no L1, so every hit comes from Redis. Phases are driven by
 * counts of completed requests, never by time.
 */
class RedisRestartIT {

    private static final int CLIENTS = 8;
    private static final int REPEATED_BODIES = 16;
    private static final int PER_PHASE = 120;

    private final String tag = "restart " + UUID.randomUUID();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong hitsSinceRestart = new AtomicLong();
    private final AtomicReference<Long> restartedAt = new AtomicReference<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void answersEveryRequestWhileRedisIsKilledAndRestartedThenCachesInItAgain() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not on the PATH");
        try (RedisProcess redis = RedisProcess.start();
                GatewayStack stack = GatewayStack.start(yaml(redis.url()))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(pool.submit(() -> load(stack.gatewayUrl())));
                }
                awaitCompleted(PER_PHASE);
                assertThat(redis.keys()).as("answers stored before the kill").isPositive();

                redis.kill();
                awaitCompleted(completed.get() + PER_PHASE);
                assertThat(failOpenLookups(stack))
                        .as("lookups that found Redis gone and went upstream")
                        .isPositive();

                redis.restart();
                restartedAt.set(completed.get());
                assertThat(redis.keys()).as("the restarted Redis starts empty").isZero();
                await().atMost(Duration.ofSeconds(60))
                        .failFast("a client request failed", () -> !failures.isEmpty())
                        .untilAsserted(
                                () -> {
                                    assertThat(redis.keys()).isPositive();
                                    assertThat(hitsSinceRestart.get()).isPositive();
                                });
                awaitCompleted(completed.get() + PER_PHASE);
            } finally {
                running.set(false);
                for (Future<?> client : clients) {
                    client.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }

            assertThat(failures).isEmpty();
            assertThat(completed.get()).isGreaterThanOrEqualTo(3L * PER_PHASE);
        }
    }

    /** One client: repeated and new bodies, plain and streamed, until told to stop. */
    private void load(String gatewayUrl) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            boolean repeated = random.nextBoolean();
            boolean stream = random.nextInt(4) == 0;
            String prompt =
                    repeated
                            ? tag + " repeated " + random.nextInt(REPEATED_BODIES)
                            : tag + " new " + UUID.randomUUID();
            Long restart = restartedAt.get();
            try {
                HttpResponse<String> r =
                        Http.post(
                                gatewayUrl + "/v1/chat/completions",
                                CacheSuite.chat(prompt, stream));
                String problem = problem(r, stream);
                if (problem != null) {
                    failures.add(problem);
                } else if (restart != null && CacheIT.cacheOf(r).equals("HIT")) {
                    hitsSinceRestart.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
            completed.incrementAndGet();
        }
    }

    /** Why {@code r} is not a proper answer, or null when it is one. */
    private static String problem(HttpResponse<String> r, boolean stream) {
        if (r.statusCode() != 200) {
            return r.statusCode() + " " + r.body();
        }
        try {
            String path = "/v1/chat/completions";
            String text =
                    stream
                            ? CacheSuite.streamedText(path, r.body())
                            : CacheSuite.plainText(path, r.body());
            return text.isBlank() ? "empty answer: " + r.body() : null;
        } catch (RuntimeException | AssertionError e) {
            return "not a proper answer (" + e.getMessage() + "): " + r.body();
        }
    }

    private void awaitCompleted(long count) {
        await().atMost(Duration.ofSeconds(120))
                .failFast("a client request failed: " + failures.peek(), () -> !failures.isEmpty())
                .untilAsserted(() -> assertThat(completed.get()).isGreaterThanOrEqualTo(count));
    }

    private static double failOpenLookups(GatewayStack stack) {
        String metrics = Http.get(stack.gatewayUrl() + "/metrics").body();
        return Metrics.sum(metrics, "evalgate_cache_fail_open_total", null, null);
    }

    private static String yaml(String redisUrl) {
        return GatewayStack.withCache(
                "\n  l1_max_bytes: 0"
                        + "\n  lookup_timeout: 200ms"
                        + "\n  redis:\n    url: \""
                        + redisUrl
                        + "\"");
    }
}
