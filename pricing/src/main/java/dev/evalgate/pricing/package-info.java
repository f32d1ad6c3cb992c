/**
 * Price catalog, usage extraction, cost, spend ledger, Testing-to-Inference ratio and budgets.
 *
 * <p>Knows nothing of Netty or HTTP. Money is exact: never {@code double} arithmetic.
 */
package dev.evalgate.pricing;
