package dev.evalgate.gateway.meter;

import dev.evalgate.pricing.ledger.Ledger;
import dev.evalgate.pricing.ledger.LedgerEntry;
import dev.evalgate.pricing.ledger.RedisLedger;
import dev.evalgate.pricing.ledger.RunTotals;
import dev.evalgate.pricing.ledger.SpendTotals;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A Redis ledger reached through a connection that may still be opening. */
final class DeferredLedger implements Ledger {

    private final OnConnection<RedisLedger> ledger;

    DeferredLedger(OnConnection<RedisLedger> ledger) {
        this.ledger = ledger;
    }

    /** Writes the records gathered so far. */
    CompletionStage<Void> flush() {
        return ledger.get().thenCompose(RedisLedger::flush);
    }

    @Override
    public CompletionStage<Void> record(LedgerEntry entry) {
        return ledger.get().thenCompose(l -> l.record(entry));
    }

    @Override
    public CompletionStage<Optional<RunTotals>> run(String runId) {
        return ledger.get().thenCompose(l -> l.run(runId));
    }

    @Override
    public CompletionStage<List<RunTotals>> runs(String pipeline, int limit) {
        return ledger.get().thenCompose(l -> l.runs(pipeline, limit));
    }

    @Override
    public CompletionStage<SpendTotals> spend(LocalDate from, LocalDate to) {
        return ledger.get().thenCompose(l -> l.spend(from, to));
    }

    @Override
    public CompletionStage<Void> recordProduction(LocalDate from, LocalDate to, long micros) {
        return ledger.get().thenCompose(l -> l.recordProduction(from, to, micros));
    }
}
