/**
 * Resilience for upstream calls: retry timing ({@link
 * dev.evalgate.gateway.resilience.RetryPolicy}), a circuit breaker per provider ({@link
 * dev.evalgate.gateway.resilience.CircuitBreaker}) and a per-provider concurrency limit with a
 * bounded FIFO wait queue ({@link dev.evalgate.gateway.resilience.ConcurrencyLimiter}). Every type
 * here is thread-safe and never blocks, because it is called from many event loops at once; time is
 * injected so tests advance it instead of sleeping.
 */
package dev.evalgate.gateway.resilience;
