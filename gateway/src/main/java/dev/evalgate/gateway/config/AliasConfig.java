package dev.evalgate.gateway.config;

/**
 * A public model name that maps to a provider and the model name sent upstream.
 *
 * @param provider a key of {@code providers:}
 * @param model the upstream model name written into the request body
 */
public record AliasConfig(String provider, String model) {}
