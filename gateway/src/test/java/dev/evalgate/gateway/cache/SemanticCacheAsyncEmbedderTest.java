package dev.evalgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.key.Canonicalizer;
import dev.evalgate.cache.semantic.Embedder;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.config.SemanticConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The semantic tier with embeddings that arrive later, on another thread, or never. */
class SemanticCacheAsyncEmbedderTest {

    private static final RouteConfig.Semantic SETTINGS =
            new RouteConfig.Semantic(0.9, "gateway:text-embedding-3-small", 1000);

    /** The tier's default embedder: one fixed direction for every text. */
    private static final Embedder FIXED =
            new Embedder() {
                @Override
                public float[] embed(String text) {
                    return new float[] {1, 0, 0};
                }

                @Override
                public int dimensions() {
                    return 3;
                }

                @Override
                public String name() {
                    return "fixed";
                }
            };

    /** An embedder whose every call waits for the test to answer it. */
    private static final class Pending implements AsyncEmbedder {
        final CompletableFuture<String> asked = new CompletableFuture<>();
        final CompletableFuture<float[]> answer = new CompletableFuture<>();

        @Override
        public CompletionStage<float[]> embed(String text) {
            asked.complete(text);
            return answer;
        }
    }

    private final SemanticCache cache =
            SemanticCache.create(
                    new SemanticConfig(1, 1, 1 << 20, 100, Duration.ZERO, Duration.ofSeconds(10)),
                    null,
                    FIXED);

    @AfterEach
    void close() {
        cache.close();
    }

    private static byte[] chat(String user) throws Exception {
        byte[] raw =
                ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                                + user
                                + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
        return Canonicalizer.canonicalize(raw, 0, raw.length);
    }

    private CompletableFuture<SemanticCache.Probe> probe(String user, AsyncEmbedder embedder)
            throws Exception {
        return cache.probe(
                        StreamFormat.OPENAI_CHAT,
                        chat(user),
                        f -> "frame",
                        SETTINGS,
                        embedder,
                        true)
                .toCompletableFuture();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void searchesOnceAnEmbeddingArrivesFromAnotherThread() throws Exception {
        Pending first = new Pending();
        CompletableFuture<SemanticCache.Probe> probed = probe("Summarise the review.", first);
        assertThat(await(first.asked)).isEqualTo("Summarise the review.");
        first.answer.complete(new float[] {0, 1, 0});
        SemanticCache.Probe miss = await(probed);
        cache.remember(miss, "ns/m/key1", Duration.ofMinutes(1));

        Pending second = new Pending();
        CompletableFuture<SemanticCache.Probe> again = probe("summarise the review", second);
        await(second.asked);
        second.answer.complete(new float[] {0, 1, 0});
        SemanticCache.Probe hit = await(again);

        assertThat(miss.match()).isNull();
        assertThat(miss.vector()).containsExactly(0, 1, 0);
        assertThat(hit.match().entry().storeKey()).isEqualTo("ns/m/key1");
        assertThat(hit.match().similarity()).isEqualTo(1.0);
        assertThat(cache.hitCount()).isEqualTo(1);
        assertThat(cache.missCount()).isEqualTo(1);
    }

    @Test
    void leavesItsOnlyWorkerFreeWhileAnEmbeddingIsPending() throws Exception {
        Pending slow = new Pending();
        CompletableFuture<SemanticCache.Probe> waiting = probe("Summarise the review.", slow);
        await(slow.asked);

        SemanticCache.Probe local = await(probe("Translate the review.", cache.defaultEmbedder()));

        assertThat(local.vector()).containsExactly(1, 0, 0);
        assertThat(waiting).isNotDone();
        slow.answer.complete(new float[] {0, 0, 1});
        assertThat(await(waiting).vector()).containsExactly(0, 0, 1);
        assertThat(cache.busyCount()).isZero();
    }

    @Test
    void skipsTheProbeAndCountsAnErrorWhenTheEmbeddingFails() throws Exception {
        Pending failing = new Pending();
        CompletableFuture<SemanticCache.Probe> probed = probe("Summarise the review.", failing);
        await(failing.asked);
        failing.answer.completeExceptionally(new java.io.IOException("connection refused"));

        assertThat(await(probed)).isNull();
        assertThat(
                        await(
                                probe(
                                        "Summarise it.",
                                        t ->
                                                CompletableFuture.failedFuture(
                                                        new IllegalStateException("no vector")))))
                .isNull();
        assertThat(cache.errorCount()).isEqualTo(2);
        assertThat(cache.hitCount() + cache.missCount()).isZero();
    }
}
