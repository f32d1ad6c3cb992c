package dev.evalgate.pricing.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Composition of many stages without waiting on any of them. */
final class Stages {

    private Stages() {}

    /** The stages' results in order, once all complete; fails with the first failure. */
    static <T> CompletionStage<List<T>> all(List<? extends CompletionStage<T>> stages) {
        CompletionStage<List<T>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (CompletionStage<T> stage : stages) {
            all =
                    all.thenCombine(
                            stage,
                            (list, value) -> {
                                list.add(value);
                                return list;
                            });
        }
        return all;
    }

    /** Completes when every stage has; fails with the first failure. */
    static CompletionStage<Void> done(List<? extends CompletionStage<?>> stages) {
        return CompletableFuture.allOf(
                stages.stream()
                        .map(CompletionStage::toCompletableFuture)
                        .toArray(CompletableFuture[]::new));
    }
}
