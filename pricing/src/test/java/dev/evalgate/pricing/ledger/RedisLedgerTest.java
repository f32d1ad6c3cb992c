package dev.evalgate.pricing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.RedisTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisLedgerTest extends LedgerContract {

    private final RedisTestSupport redis = new RedisTestSupport();
    private final LedgerSettings settings =
            LedgerSettings.DEFAULTS
                    .withKeyPrefix(redis.prefix())
                    .withRunRetention(Duration.ofDays(7));

    RedisTestSupport redis() {
        return redis;
    }

    LedgerSettings settings() {
        return settings;
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    Ledger ledger() {
        return RedisLedger.create(redis.connect().async(), settings);
    }

    @Test
    void runKeysExpireAfterTheRetentionAndDaysAfterTheirs() {
        await(ledger().record(call("r").build()));
        long runTtl = redis.sync().ttl(redis.prefix() + "run:r");
        long dayTtl = redis.sync().ttl(redis.prefix() + "day:2026-11-01");
        long indexTtl = redis.sync().ttl(redis.prefix() + "pipeline:nightly");
        assertThat(runTtl)
                .isBetween(Duration.ofDays(7).getSeconds() - 5, Duration.ofDays(7).getSeconds());
        assertThat(indexTtl)
                .isBetween(Duration.ofDays(7).getSeconds() - 5, Duration.ofDays(7).getSeconds());
        assertThat(dayTtl).isGreaterThan(Duration.ofDays(399).getSeconds());
    }

    @Test
    void recordsAgainAfterTheServerForgetsTheScript() {
        Ledger ledger = ledger();
        await(ledger.record(call("r").micros(1, 0).build()));
        redis.sync().scriptFlush();
        await(ledger.record(call("r").micros(2, 0).build()));
        assertThat(await(ledger.run("r")).orElseThrow().costMicros()).isEqualTo(3);
    }

    @Test
    void twoReplicasRecordingConcurrentlyLoseNoIncrement() throws Exception {
        List<Ledger> replicas = List.of(ledger(), ledger());
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> sums = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            Ledger replica = replicas.get(t % 2);
            sums.add(
                    pool.submit(
                            () -> {
                                SplittableRandom random = new SplittableRandom(seed);
                                long cost = 0;
                                long saved = 0;
                                long hits = 0;
                                List<CompletableFuture<Void>> writes = new ArrayList<>();
                                for (int i = 0; i < perThread; i++) {
                                    boolean hit = random.nextInt(3) == 0;
                                    long micros = random.nextLong(0, 1_000_000);
                                    LedgerEntry entry =
                                            call("shared")
                                                    .pipeline("")
                                                    .cache(
                                                            hit
                                                                    ? CacheOutcome.HIT
                                                                    : CacheOutcome.MISS)
                                                    .tokens(10, hit ? 0 : 10)
                                                    .micros(hit ? 0 : micros, hit ? micros : 0)
                                                    .build();
                                    CompletionStage<Void> write = replica.record(entry);
                                    writes.add(write.toCompletableFuture());
                                    cost += hit ? 0 : micros;
                                    saved += hit ? micros : 0;
                                    hits += hit ? 1 : 0;
                                }
                                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                                        .join();
                                return new long[] {cost, saved, hits};
                            }));
        }
        Map<String, Long> expected = new HashMap<>();
        for (Future<long[]> sum : sums) {
            long[] s = sum.get();
            expected.merge("cost", s[0], Long::sum);
            expected.merge("saved", s[1], Long::sum);
            expected.merge("hits", s[2], Long::sum);
        }
        pool.shutdown();

        long calls = (long) threads * perThread;
        RunTotals run = await(replicas.get(1).run("shared")).orElseThrow();
        assertThat(run.calls()).isEqualTo(calls);
        assertThat(run.hits()).isEqualTo(expected.get("hits"));
        assertThat(run.misses()).isEqualTo(calls - expected.get("hits"));
        assertThat(run.costMicros()).isEqualTo(expected.get("cost"));
        assertThat(run.savedMicros()).isEqualTo(expected.get("saved"));
        assertThat(run.servedTokens()).isEqualTo(calls * 10);
        assertThat(run.billedTokens()).isEqualTo((calls - expected.get("hits")) * 10);
        assertThat(run.byModel().get("openai/gpt-4o").costMicros()).isEqualTo(expected.get("cost"));
        SpendTotals day = await(replicas.get(0).spend(day(1), day(2)));
        assertThat(day.evalMicros()).isEqualTo(expected.get("cost"));
        assertThat(day.savedMicros()).isEqualTo(expected.get("saved"));
    }
}
