package dev.evalgate.gateway.config;

/**
 * A named class of model (e.g. {@code proxy}: an 8B model on vLLM; {@code frontier}: GPT-4-class)
 * that routes send requests to.
 *
 * @param name the tier's key in {@code tiers:}
 * @param provider a declared provider
 * @param model the upstream model name written into the request body
 */
public record TierConfig(String name, String provider, String model) {}
