package dev.evalgate.cache.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sample answers for store tests. */
final class Answers {

    private Answers() {}

    static CachedAnswer json(String body) {
        return new CachedAnswer(
                200,
                List.of(new StoredHeader("content-type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8),
                1_700_000_000_000L);
    }
}
