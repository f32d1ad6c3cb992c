/**
 * Token usage of a call: read from the provider's own {@code usage} object, or estimated with a
 * real tokenizer and flagged as such.
 */
package dev.evalgate.pricing.usage;
