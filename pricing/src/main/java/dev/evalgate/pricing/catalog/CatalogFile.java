package dev.evalgate.pricing.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The catalog file as written: YAML or JSON, snake_case keys, unknown keys rejected. */
record CatalogFile(
        String version, Map<String, String> sources, Map<String, Map<String, Entry>> providers) {

    /** One model's prices as written; absent figures take the {@link ModelPrice} defaults. */
    record Entry(
            BigDecimal input,
            @JsonProperty("cached_input") BigDecimal cachedInput,
            BigDecimal output,
            @JsonProperty("cache_write") BigDecimal cacheWrite,
            @JsonProperty("cache_read") BigDecimal cacheRead,
            @JsonProperty("per_request") BigDecimal perRequest,
            @JsonProperty("gpu_hour") BigDecimal gpuHour,
            List<String> aliases,
            String note) {}
}
