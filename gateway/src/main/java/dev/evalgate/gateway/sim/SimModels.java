package dev.evalgate.gateway.sim;

import java.util.List;

/** The model ids {@code GET /v1/models} lists; any other model is answered just the same. */
final class SimModels {
    static final List<String> IDS =
            List.of(
                    "sim-small",
                    "sim-large",
                    "gpt-4o-mini",
                    "gpt-4.1",
                    "claude-sonnet-4-5",
                    "claude-haiku-4-5");

    private SimModels() {}
}
