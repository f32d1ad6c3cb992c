/**
 * Prices per provider and model: the dated default catalog, configured overrides, and the rules
 * that resolve dated and aliased model ids to catalog entries.
 */
package dev.evalgate.pricing.catalog;
