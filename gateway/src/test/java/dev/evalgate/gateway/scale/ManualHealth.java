package dev.evalgate.gateway.scale;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A health check that records each probe and answers when the test says so. */
final class ManualHealth implements HealthCheck {

    private final List<CompletableFuture<Boolean>> probes = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Boolean> check() {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        probes.add(f);
        return f;
    }

    int probes() {
        return probes.size();
    }

    /** Answers the latest probe. */
    void answer(boolean healthy) {
        probes.get(probes.size() - 1).complete(healthy);
    }
}
