/** Usage times price, in exact integer micro-dollars; worst-case cost for budget reservations. */
package dev.evalgate.pricing.cost;
