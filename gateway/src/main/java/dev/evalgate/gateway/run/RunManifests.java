package dev.evalgate.gateway.run;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-run list of requests with their cache keys and outcomes ({@code GET
 * /admin/runs/<id>/manifest}), kept in memory for the most recent runs. Bounded: at most {@code
 * maxRuns} runs and {@code maxEntriesPerRun} entries each (later entries are counted, not kept).
 * Thread-safe.
 */
public final class RunManifests {

    private final Cache<String, Manifest> runs;
    private final int maxEntriesPerRun;

    /** Manifests for up to {@code maxRuns} runs of up to {@code maxEntriesPerRun} entries. */
    public RunManifests(int maxRuns, int maxEntriesPerRun) {
        this.runs = Caffeine.newBuilder().maximumSize(maxRuns).build();
        this.maxEntriesPerRun = maxEntriesPerRun;
    }

    /** Records one request of {@code runId} (ignored when there is no run). */
    public void record(String runId, ManifestEntry entry) {
        if (runId == null) {
            return;
        }
        runs.get(runId, id -> new Manifest()).add(entry, maxEntriesPerRun);
    }

    /** The run's entries so far and how many were dropped, or null for an unknown run. */
    public Snapshot snapshot(String runId) {
        Manifest m = runs.getIfPresent(runId);
        return m == null ? null : m.snapshot();
    }

    /**
     * A copy of a run's manifest.
     *
     * @param entries the kept entries, oldest first
     * @param dropped entries not kept because the run exceeded the bound
     */
    public record Snapshot(List<ManifestEntry> entries, long dropped) {}

    private static final class Manifest {
        private final List<ManifestEntry> entries = new ArrayList<>();
        private long dropped;

        synchronized void add(ManifestEntry e, int max) {
            if (entries.size() < max) {
                entries.add(e);
            } else {
                dropped++;
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(List.copyOf(entries), dropped);
        }
    }
}
