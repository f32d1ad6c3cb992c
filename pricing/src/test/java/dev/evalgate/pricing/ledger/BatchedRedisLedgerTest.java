package dev.evalgate.pricing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Redis ledger gathering records for an interval: every contract and concurrency test of the
 * write-through ledger holds, and many records become few script calls.
 */
class BatchedRedisLedgerTest extends RedisLedgerTest {

    @Override
    Ledger ledger() {
        return RedisLedger.batched(redis().connect().async(), settings(), Duration.ofMillis(20));
    }

    @Test
    void writesAThousandRecordsOfOneRunInAFewScriptCalls() {
        Ledger ledger = ledger();
        long before = scriptCalls();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            writes.add(ledger.record(call("busy").micros(3, 0).build()).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        long calls = scriptCalls() - before;

        assertThat(await(ledger.run("busy")).orElseThrow().costMicros()).isEqualTo(3000);
        assertThat(calls).isBetween(2L, 100L);
    }

    @Test
    void readsWhatItHasNotWrittenYet() {
        RedisLedger ledger =
                RedisLedger.batched(redis().connect().async(), settings(), Duration.ofHours(1));
        ledger.record(call("pending").micros(7, 0).build());

        assertThat(await(ledger.run("pending")).orElseThrow().costMicros()).isEqualTo(7);
    }

    private long scriptCalls() {
        long calls = 0;
        for (String line : redis().sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String n = line.substring(line.indexOf("calls=") + 6);
                calls += Long.parseLong(n.substring(0, n.indexOf(',')));
            }
        }
        return calls;
    }
}
