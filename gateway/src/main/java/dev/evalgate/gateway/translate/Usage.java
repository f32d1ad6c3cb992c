package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token counts. Anthropic's {@code input_tokens} excludes cached prompt tokens (read or written);
 * OpenAI's {@code prompt_tokens} includes them, with the cache reads repeated in {@code
 * prompt_tokens_details.cached_tokens}. OpenAI has no cache writes, so a translated OpenAI usage
 * reports none.
 */
record Usage(long input, long cacheRead, long cacheCreation, long output) {
    static final Usage NONE = new Usage(0, 0, 0, 0);

    /** From an Anthropic {@code usage} object; absent counts are zero. */
    static Usage ofAnthropic(JsonNode usage) {
        if (usage == null) {
            return NONE;
        }
        return new Usage(
                usage.path("input_tokens").asLong(),
                usage.path("cache_read_input_tokens").asLong(),
                usage.path("cache_creation_input_tokens").asLong(),
                usage.path("output_tokens").asLong());
    }

    /** From an OpenAI {@code usage} object; absent counts are zero. */
    static Usage ofOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        long prompt = usage.path("prompt_tokens").asLong();
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong();
        return new Usage(prompt - cached, cached, 0, usage.path("completion_tokens").asLong());
    }

    /** This usage with the counts {@code update} carries replacing these (a message_delta). */
    Usage updatedBy(JsonNode update) {
        if (update == null) {
            return this;
        }
        return new Usage(
                update.path("input_tokens").asLong(input),
                update.path("cache_read_input_tokens").asLong(cacheRead),
                update.path("cache_creation_input_tokens").asLong(cacheCreation),
                update.path("output_tokens").asLong(output));
    }

    ObjectNode toOpenAi() {
        long prompt = input + cacheRead + cacheCreation;
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", prompt + output);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return usage;
    }

    ObjectNode toAnthropic() {
        ObjectNode usage = Json.object();
        usage.put("input_tokens", input);
        usage.put("cache_creation_input_tokens", cacheCreation);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("output_tokens", output);
        return usage;
    }
}
