package dev.evalgate.gateway.translate;

import java.util.Map;

/** Why a turn ended: Anthropic {@code stop_reason} and OpenAI {@code finish_reason}. */
final class Reasons {
    private static final Map<String, String> TO_FINISH =
            Map.of(
                    "end_turn", "stop",
                    "stop_sequence", "stop",
                    "max_tokens", "length",
                    "model_context_window_exceeded", "length",
                    "tool_use", "tool_calls",
                    "refusal", "content_filter");
    private static final Map<String, String> TO_STOP =
            Map.of(
                    "stop", "end_turn",
                    "length", "max_tokens",
                    "tool_calls", "tool_use",
                    "content_filter", "refusal");

    private Reasons() {}

    /** The OpenAI finish reason for an Anthropic stop reason, or {@code null} when it has none. */
    static String finishReason(String stopReason) {
        return stopReason == null ? null : TO_FINISH.get(stopReason);
    }

    /** The Anthropic stop reason for an OpenAI finish reason, or {@code null} when it has none. */
    static String stopReason(String finishReason) {
        return finishReason == null ? null : TO_STOP.get(finishReason);
    }
}
