package dev.evalgate.gateway.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs an asynchronous task for each input with at most a fixed number in flight, and completes
 * with all results in input order (or the first failure).
 *
 * <p>Threading: tasks start on whichever thread frees a slot (the caller's for the first ones, a
 * completing task's for the rest), so a task must only start work, never block. Starting is
 * serialised by a work-in-progress counter rather than recursion, so tasks that complete
 * synchronously (an in-process cache hit) cannot deepen the stack.
 */
final class BoundedStages<I, O> {

    private final List<I> inputs;
    private final int maxInFlight;
    private final Function<I, CompletionStage<O>> task;
    private final AtomicReferenceArray<O> results;
    private final CompletableFuture<List<O>> done = new CompletableFuture<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private int next;

    private BoundedStages(List<I> inputs, int maxInFlight, Function<I, CompletionStage<O>> task) {
        this.inputs = inputs;
        this.maxInFlight = maxInFlight;
        this.task = task;
        this.results = new AtomicReferenceArray<>(inputs.size());
    }

    /**
     * The results of {@code task} over {@code inputs}, at most {@code maxInFlight} at a time; a
     * task that fails (or throws) fails the whole and starts no more.
     */
    static <I, O> CompletionStage<List<O>> all(
            List<I> inputs, int maxInFlight, Function<I, CompletionStage<O>> task) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 1)");
        }
        if (inputs.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        BoundedStages<I, O> run = new BoundedStages<>(inputs, maxInFlight, task);
        run.drain();
        return run.done;
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!done.isDone() && next < inputs.size() && inFlight.get() < maxInFlight) {
                int i = next++;
                inFlight.incrementAndGet();
                CompletionStage<O> stage;
                try {
                    stage = task.apply(inputs.get(i));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                    break;
                }
                stage.whenComplete((result, e) -> finished(i, result, e));
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void finished(int i, O result, Throwable e) {
        if (e != null) {
            done.completeExceptionally(e);
            return;
        }
        results.set(i, result);
        inFlight.decrementAndGet();
        if (completed.incrementAndGet() == inputs.size()) {
            List<O> list = new ArrayList<>(inputs.size());
            for (int k = 0; k < inputs.size(); k++) {
                list.add(results.get(k));
            }
            done.complete(Collections.unmodifiableList(list));
        } else {
            drain();
        }
    }
}
