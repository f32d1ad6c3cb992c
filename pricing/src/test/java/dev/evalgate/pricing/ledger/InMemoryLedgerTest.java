package dev.evalgate.pricing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryLedgerTest extends LedgerContract {

    private final TestClock clock = new TestClock(Instant.ofEpochMilli(DAY1));

    @Override
    Ledger ledger() {
        return new InMemoryLedger(LedgerSettings.DEFAULTS, clock);
    }

    @Test
    void forgetsARunItsRetentionAfterItsLatestCall() {
        Ledger ledger =
                new InMemoryLedger(
                        LedgerSettings.DEFAULTS.withRunRetention(Duration.ofHours(1)), clock);
        await(ledger.record(call("r").build()));
        clock.advance(Duration.ofMinutes(50));
        await(ledger.record(call("r").build()));
        clock.advance(Duration.ofMinutes(50));
        assertThat(await(ledger.run("r"))).isPresent();
        assertThat(await(ledger.runs("nightly", 5))).hasSize(1);
        clock.advance(Duration.ofMinutes(11));
        assertThat(await(ledger.run("r"))).isEmpty();
        assertThat(await(ledger.runs("nightly", 5))).isEmpty();
        assertThat(await(ledger.spend(day(1), day(2))).evalMicros()).isZero();
    }
}
