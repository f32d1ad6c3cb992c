package dev.evalgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.key.Canonicalizer;
import dev.evalgate.cache.semantic.Embedder;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.config.SemanticConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SemanticCacheTest {

    private static final RouteConfig.Semantic SETTINGS =
            new RouteConfig.Semantic(0.9, "local", 100);

    /** Embeds by letter counts: texts with the same letters point the same way. */
    private static final class LetterEmbedder implements Embedder {
        final CountDownLatch gate;
        final java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);

        LetterEmbedder(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public float[] embed(String text) {
            entered.release();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            float[] v = new float[26];
            double sum = 0;
            for (char c : text.toLowerCase().toCharArray()) {
                if (c >= 'a' && c <= 'z') {
                    v[c - 'a']++;
                }
            }
            for (float x : v) {
                sum += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / Math.sqrt(sum));
            }
            return v;
        }

        @Override
        public int dimensions() {
            return 26;
        }

        @Override
        public String name() {
            return "letters";
        }
    }

    private SemanticCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    private static byte[] chat(String user) throws Exception {
        byte[] raw =
                ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                                + user
                                + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
        return Canonicalizer.canonicalize(raw, 0, raw.length);
    }

    private SemanticCache.Probe probe(String user) throws Exception {
        return cache.probe(StreamFormat.OPENAI_CHAT, chat(user), f -> "frame", SETTINGS, true)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void findsARememberedParaphraseAndCountsIt() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        cache =
                SemanticCache.create(
                        new SemanticConfig(
                                1, 4, 1 << 20, 100, Duration.ZERO, Duration.ofSeconds(10)),
                        null,
                        new LetterEmbedder(open));
        SemanticCache.Probe first = probe("Please summarise the review.");
        assertThat(first.match()).isNull();
        cache.remember(first, "ns/m/key1", Duration.ofMinutes(1));

        SemanticCache.Probe second = probe("please summarise the review");

        assertThat(second.match()).isNotNull();
        assertThat(second.match().entry().storeKey()).isEqualTo("ns/m/key1");
        assertThat(cache.hitCount()).isEqualTo(1);
        assertThat(cache.missCount()).isEqualTo(1);
        assertThat(probe("Please summarise the five reviews.").match()).isNull();
    }

    @Test
    void skipsIneligibleRequests() throws Exception {
        cache =
                SemanticCache.create(
                        new SemanticConfig(
                                1, 4, 1 << 20, 100, Duration.ZERO, Duration.ofSeconds(10)),
                        null,
                        new LetterEmbedder(new CountDownLatch(0)));
        assertThat(probe("x".repeat(101))).isNull();
        assertThat(cache.ineligibleCount()).isEqualTo(1);
    }

    @Test
    void skipsAProbeWhenEveryWorkerIsBusyAndTheQueueFull() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        cache =
                SemanticCache.create(
                        new SemanticConfig(
                                1, 1, 1 << 20, 100, Duration.ZERO, Duration.ofSeconds(10)),
                        null,
                        new LetterEmbedder(gate));
        var running = cache.probe(StreamFormat.OPENAI_CHAT, chat("one"), f -> "f", SETTINGS, true);
        var queued = cache.probe(StreamFormat.OPENAI_CHAT, chat("two"), f -> "f", SETTINGS, true);
        // The worker may not have taken the first task yet: push until one is refused.
        java.util.List<java.util.concurrent.CompletionStage<SemanticCache.Probe>> more =
                new java.util.ArrayList<>();
        while (cache.busyCount() == 0) {
            more.add(cache.probe(StreamFormat.OPENAI_CHAT, chat("more"), f -> "f", SETTINGS, true));
        }
        assertThat(more.get(more.size() - 1).toCompletableFuture().getNow(null)).isNull();
        gate.countDown();
        assertThat(running.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(queued.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void skipsAProbeThatWaitedLongerThanMaxWaitForAWorker() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        LetterEmbedder embedder = new LetterEmbedder(gate);
        cache =
                SemanticCache.create(
                        new SemanticConfig(
                                1, 4, 1 << 20, 100, Duration.ZERO, Duration.ofMillis(100)),
                        null,
                        embedder,
                        now::get);
        var running = cache.probe(StreamFormat.OPENAI_CHAT, chat("one"), f -> "f", SETTINGS, true);
        // The only worker is inside the first probe before the clock moves.
        assertThat(embedder.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        var waiting = cache.probe(StreamFormat.OPENAI_CHAT, chat("two"), f -> "f", SETTINGS, true);
        now.addAndGet(Duration.ofMillis(101).toNanos());
        gate.countDown();

        assertThat(running.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(waiting.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
        assertThat(cache.busyCount()).isEqualTo(1);
        assertThat(cache.errorCount()).isZero();
    }

    @Test
    void countsAnIndexingProbeNeither() throws Exception {
        cache =
                SemanticCache.create(
                        new SemanticConfig(
                                1, 4, 1 << 20, 100, Duration.ZERO, Duration.ofSeconds(10)),
                        null,
                        new LetterEmbedder(new CountDownLatch(0)));
        cache.index(
                StreamFormat.OPENAI_CHAT,
                chat("x".repeat(101)),
                f -> "f",
                SETTINGS,
                "k",
                Duration.ofMinutes(1));
        cache.index(
                StreamFormat.OPENAI_CHAT,
                chat("hello"),
                f -> "f",
                SETTINGS,
                "k2",
                Duration.ofMinutes(1));

        org.awaitility.Awaitility.await()
                .untilAsserted(() -> assertThat(cache.indexedCount()).isEqualTo(1));
        assertThat(cache.ineligibleCount()).isZero();
        assertThat(cache.hitCount() + cache.missCount()).isZero();
    }
}
