package dev.evalgate.pricing.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest extends BudgetStoreContract {

    private InMemoryBudgetStore shared;

    @Override
    BudgetStore store() {
        if (shared == null) {
            shared = new InMemoryBudgetStore(SETTINGS, clock);
        }
        return shared;
    }

    @Test
    void forgetsAScopeIdleLongerThanItsRetention() {
        BudgetStore store = store();
        await(store.reconcile(await(store.reserve("run:a", 10, 5)), 5));
        clock.advance(Duration.ofHours(23));
        assertThat(await(store.spent("run:a"))).isEqualTo(5);
        clock.advance(Duration.ofHours(2));
        assertThat(await(store.spent("run:a"))).isZero();
    }
}
