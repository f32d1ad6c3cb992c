package dev.evalgate.gateway.scale;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scale action that records each call and completes when the test says so. */
final class ManualAction implements ScaleAction {

    private final List<ScaleContext> calls = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> execute(ScaleContext context) {
        calls.add(context);
        CompletableFuture<Void> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }

    @Override
    public String describe() {
        return "manual";
    }

    List<ScaleContext> calls() {
        return calls;
    }

    /** Completes the latest call. */
    void succeed() {
        pending.get(pending.size() - 1).complete(null);
    }

    /** Fails the latest call. */
    void fail() {
        pending.get(pending.size() - 1)
                .completeExceptionally(new IllegalStateException("webhook answered 500"));
    }
}
