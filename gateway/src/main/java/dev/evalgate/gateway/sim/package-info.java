/**
 * A deterministic OpenAI- and Anthropic-compatible upstream simulator over real HTTP, with latency
 * and fault injection, for the demo, end-to-end tests and benchmarks.
 */
package dev.evalgate.gateway.sim;
