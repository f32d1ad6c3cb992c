package dev.evalgate.pricing.ledger;

import java.time.LocalDate;

/**
 * Spend by traffic kind over whole UTC days {@code [from, to)}, in micro-dollars.
 *
 * @param from the first day
 * @param to the day after the last
 * @param evalMicros evaluation spend through the gateway
 * @param productionMicros production spend: through the gateway plus reported totals
 * @param productionReportedMicros the reported part of {@code productionMicros}
 * @param shadowMicros shadow traffic spend
 * @param savedMicros what the cache saved, all traffic kinds together
 */
public record SpendTotals(
        LocalDate from,
        LocalDate to,
        long evalMicros,
        long productionMicros,
        long productionReportedMicros,
        long shadowMicros,
        long savedMicros) {}
