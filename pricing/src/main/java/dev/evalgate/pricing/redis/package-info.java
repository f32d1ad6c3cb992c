/**
 * Redis plumbing shared by the ledger and the budget store: atomic single-key Lua scripts over
 * Lettuce's asynchronous API. The caller owns the connection.
 */
package dev.evalgate.pricing.redis;
