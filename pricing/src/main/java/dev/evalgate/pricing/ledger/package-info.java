/**
 * The spend ledger: every call's cost and savings summed per pipeline run and per UTC day by
 * traffic kind, in Redis for many replicas or in memory for one.
 */
package dev.evalgate.pricing.ledger;
