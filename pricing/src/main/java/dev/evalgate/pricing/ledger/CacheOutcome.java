package dev.evalgate.pricing.ledger;

import java.util.Locale;

/** How the gateway answered a call, as far as spend is concerned. */
public enum CacheOutcome {
    /** Answered from the cache: billed nothing, saved what the call would have cost. */
    HIT,
    /** Sent upstream and billed. */
    MISS,
    /** Waited for an identical in-flight call: billed nothing, saved like a hit. */
    COALESCED,
    /** The cache was not consulted ({@code no-cache}, {@code no-store}, cache off): billed. */
    BYPASS;

    /** The lower-case name used in keys and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
