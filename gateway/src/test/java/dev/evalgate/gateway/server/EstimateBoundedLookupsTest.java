package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The estimate's cache lookups: bounded in flight, results in order, no stack growth. */
class EstimateBoundedLookupsTest {

    @Test
    void neverHasMoreThanTheLimitInFlightAndKeepsInputOrder() {
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        List<Integer> inputs = IntStream.range(0, 10).boxed().toList();

        CompletionStage<List<Integer>> all =
                BoundedStages.all(
                        inputs,
                        3,
                        i -> {
                            started.incrementAndGet();
                            CompletableFuture<Integer> f = new CompletableFuture<>();
                            pending.add(f);
                            return f.thenApply(x -> x * 10);
                        });

        assertThat(started).hasValue(3);
        // Complete out of order: the last started first.
        pending.get(2).complete(2);
        assertThat(started).hasValue(4);
        pending.get(0).complete(0);
        pending.get(1).complete(1);
        assertThat(started).hasValue(6);
        for (int i = 3; i < 10; i++) {
            pending.get(i).complete(i);
        }
        assertThat(all.toCompletableFuture().join())
                .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
    }

    @Test
    void tasksThatCompleteAtOnceDoNotDeepenTheStack() {
        List<Integer> inputs = IntStream.range(0, 200_000).boxed().toList();

        List<Integer> results =
                BoundedStages.all(inputs, 64, i -> CompletableFuture.completedFuture(i + 1))
                        .toCompletableFuture()
                        .join();

        assertThat(results).hasSize(200_000);
        assertThat(results.get(199_999)).isEqualTo(200_000);
    }

    @Test
    void theFirstFailureFailsTheWholeAndStartsNoMore() {
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<List<Integer>> all =
                BoundedStages.all(
                                IntStream.range(0, 100).boxed().toList(),
                                1,
                                i -> {
                                    started.incrementAndGet();
                                    return i == 2
                                            ? CompletableFuture.<Integer>failedFuture(
                                                    new IllegalStateException("down"))
                                            : CompletableFuture.completedFuture(i);
                                })
                        .toCompletableFuture();

        assertThat(all).isCompletedExceptionally();
        assertThat(started).hasValue(3);
    }

    @Test
    void noInputsIsAnEmptyResult() {
        assertThat(
                        BoundedStages.all(List.<Integer>of(), 4, CompletableFuture::completedFuture)
                                .toCompletableFuture()
                                .join())
                .isEmpty();
    }
}
