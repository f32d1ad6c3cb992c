package dev.evalgate.cache.sse;

import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, or {@code null} when the event carried none
 * @param data the {@code data:} lines joined with {@code \n}, without the final newline
 */
public record SseEvent(String event, String data) {
    /** Validates that {@code data} is present; {@code event} may be {@code null}. */
    public SseEvent {
        Objects.requireNonNull(data, "data");
    }
}
