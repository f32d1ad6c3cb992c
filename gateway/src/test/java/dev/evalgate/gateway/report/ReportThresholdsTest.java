package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.pricing.ratio.RatioBand;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportThresholdsTest {

    private static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Check budget(String usd, long costMicros) {
        RunReport r = ReportFixtures.report(t -> t.put("cost_micros", costMicros));
        return check(
                new Thresholds(new BigDecimal(usd), null, false).evaluate(r), Check.COST_BUDGET);
    }

    @Test
    void costExactlyAtTheBudgetPasses() {
        assertThat(budget("5", 5_000_000).passed()).isTrue();
        assertThat(budget("0.012345", 12_345).passed()).isTrue();
        assertThat(budget("0", 0).passed()).isTrue();
    }

    @Test
    void oneMicroDollarOverTheBudgetFails() {
        Check c = budget("5", 5_000_001);
        assertThat(c.passed()).isFalse();
        assertThat(c.message()).contains("$5.000001", "$5", "by $0.000001");
        assertThat(budget("0", 1).passed()).isFalse();
    }

    @Test
    void budgetFinerThanAMicroDollarIsComparedExactly() {
        assertThat(budget("0.0123449", 12_345).passed()).isFalse();
        assertThat(budget("0.0123451", 12_345).passed()).isTrue();
    }

    @Test
    void costIsReadFromMicrosNotFromTheDecimalString() {
        RunReport r =
                ReportFixtures.report(t -> t.put("cost_usd", "999.000000").put("cost_micros", 10));
        Check c = check(new Thresholds(BigDecimal.ONE, null, false).evaluate(r), Check.COST_BUDGET);
        assertThat(c.passed()).isTrue();
    }

    @Test
    void costFallsBackToTheExactDecimalStringWithoutMicros() {
        RunReport r =
                ReportFixtures.report(t -> t.put("cost_usd", "1.000001").remove("cost_micros"));
        Check c = check(new Thresholds(BigDecimal.ONE, null, false).evaluate(r), Check.COST_BUDGET);
        assertThat(c.passed()).isFalse();
        assertThat(c.message()).contains("$1.000001");
    }

    @Test
    void budgetFailsWhenTheReportCarriesNoCost() {
        RunReport r = ReportFixtures.report(t -> t.remove(List.of("cost_micros", "cost_usd")));
        Check c = check(new Thresholds(BigDecimal.TEN, null, false).evaluate(r), Check.COST_BUDGET);
        assertThat(c.passed()).isFalse();
        assertThat(c.message()).contains("no cost");
    }

    @Test
    void ratioBandEqualToTheLimitFails() {
        RunReport r = ReportFixtures.report();
        Check c =
                check(
                        new Thresholds(null, RatioBand.ELEVATED, false).evaluate(r),
                        Check.RATIO_BAND);
        assertThat(c.passed()).isFalse();
        assertThat(c.message()).contains("elevated", "12.00%");
    }

    @Test
    void ratioBandBelowTheLimitPassesAndAboveFails() {
        RunReport r = ReportFixtures.report();
        assertThat(
                        check(
                                        new Thresholds(null, RatioBand.WARNING, false).evaluate(r),
                                        Check.RATIO_BAND)
                                .passed())
                .isTrue();
        assertThat(
                        check(
                                        new Thresholds(null, RatioBand.HEALTHY, false).evaluate(r),
                                        Check.RATIO_BAND)
                                .passed())
                .isFalse();
    }

    @Test
    void ratioBandFailsWhenTheReportHasNoRatioOrAnUnknownBand() {
        Thresholds critical = new Thresholds(null, RatioBand.CRITICAL, false);
        RunReport none = ReportFixtures.report(t -> t.remove("ratio"));
        assertThat(check(critical.evaluate(none), Check.RATIO_BAND).passed()).isFalse();
        RunReport odd =
                ReportFixtures.report(t -> ((ObjectNode) t.get("ratio")).put("band", "severe"));
        Check c = check(critical.evaluate(odd), Check.RATIO_BAND);
        assertThat(c.passed()).isFalse();
        assertThat(c.message()).contains("'severe'");
    }

    @Test
    void unknownModelsPassWithANoteUnlessAskedToFail() {
        RunReport r = ReportFixtures.report();
        Check noted = check(Thresholds.none().evaluate(r), Check.UNKNOWN_MODELS);
        assertThat(noted.passed()).isTrue();
        assertThat(noted.message()).contains("simulator/foo-1", "not gating");
        Check failed = check(new Thresholds(null, null, true).evaluate(r), Check.UNKNOWN_MODELS);
        assertThat(failed.passed()).isFalse();
        RunReport clean = ReportFixtures.report(t -> t.putObject("unknown_models"));
        assertThat(check(new Thresholds(null, null, true).evaluate(clean), Check.UNKNOWN_MODELS))
                .extracting(Check::passed)
                .isEqualTo(true);
    }

    @Test
    void onlyTheChecksAskedForAreEvaluatedBesideUnknownModels() {
        assertThat(Thresholds.none().evaluate(ReportFixtures.report()))
                .extracting(Check::name)
                .containsExactly(Check.UNKNOWN_MODELS);
        assertThat(
                        new Thresholds(BigDecimal.ONE, RatioBand.CRITICAL, false)
                                .evaluate(ReportFixtures.report()))
                .extracting(Check::name)
                .containsExactly(Check.COST_BUDGET, Check.RATIO_BAND, Check.UNKNOWN_MODELS);
    }

    @Test
    void refusesANegativeBudget() {
        assertThatThrownBy(() -> new Thresholds(new BigDecimal("-0.01"), null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verdictNamesTheFailedChecks() {
        RunReport r = ReportFixtures.report();
        assertThat(r.verdict(new Thresholds(BigDecimal.ONE, null, false).evaluate(r)))
                .isEqualTo("evalgate run r1: cost $0.012345; all 2 checks passed");
        assertThat(r.verdict(new Thresholds(BigDecimal.ZERO, null, true).evaluate(r)))
                .isEqualTo(
                        "evalgate run r1: cost $0.012345; 2 of 2 checks failed: cost-budget,"
                                + " unknown-models");
    }
}
