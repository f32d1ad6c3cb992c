package dev.evalgate.pricing.ledger;

/**
 * A run's figures for one model or one tier.
 *
 * @param calls calls recorded
 * @param hits calls answered from the cache or coalesced
 * @param servedTokens tokens served
 * @param billedTokens tokens billed
 * @param costMicros cost in micro-dollars
 * @param savedMicros savings in micro-dollars
 */
public record Tally(
        long calls,
        long hits,
        long servedTokens,
        long billedTokens,
        long costMicros,
        long savedMicros) {}
