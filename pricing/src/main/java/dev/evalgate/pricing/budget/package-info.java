/**
 * Budgets enforced before dispatch: atomic worst-case reservations, reconciled with the real cost,
 * so concurrent calls and replicas cannot overshoot.
 */
package dev.evalgate.pricing.budget;
