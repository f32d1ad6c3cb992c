package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportMissingFieldsTest {

    private static final Thresholds ALL = new Thresholds(BigDecimal.ONE, null, true);

    @Test
    void everyFormatRendersAnEmptyAnswer() {
        RunReport r = ReportFixtures.parse("{}");
        for (ReportFormat f : ReportFormat.values()) {
            assertThat(f.render(r, ALL.evaluate(r), ALL)).as(f.label()).contains("unknown-models");
        }
    }

    @Test
    void everyFormatRendersNullsAndWrongTypes() {
        RunReport r =
                ReportFixtures.parse(
                        "{\"run\":null,\"pipeline\":null,\"calls\":\"ten\",\"hits\":1.5,"
                                + "\"cost_micros\":null,\"cost_usd\":\"abc\",\"by_model\":[],"
                                + "\"by_tier\":{},\"unknown_models\":null,\"ratio\":null,"
                                + "\"agreement\":{\"routes\":{\"r\":{\"agreement_rate\":null}}}}");
        for (ReportFormat f : ReportFormat.values()) {
            assertThat(f.render(r, ALL.evaluate(r), ALL)).as(f.label()).isNotBlank();
        }
        String text = ReportFormat.TEXT.render(r, ALL.evaluate(r), ALL);
        assertThat(text)
                .contains("evalgate run r1  pipeline n/a  catalog n/a")
                .contains("calls n/a  hits n/a")
                .contains("cost n/a")
                .contains("r                     n/a    n/a       n/a     n/a   n/a\n")
                .doesNotContain("\nmodel ")
                .doesNotContain("\ntier ")
                .contains("FAIL cost-budget: the report carries no cost");
    }

    @Test
    void missingMoneyIsNotAZero() {
        RunReport r = ReportFixtures.parse("{\"by_model\":{\"m\":{\"calls\":2}}}");
        assertThat(r.byModel)
                .singleElement()
                .satisfies(
                        row -> {
                            assertThat(row.calls()).isEqualTo(2);
                            assertThat(row.costMicros()).isNull();
                        });
        assertThat(r.costMicros()).isNull();
    }

    @Test
    void ratioWithoutMicrosReadsTheExactDecimalStrings() {
        RunReport r =
                ReportFixtures.parse(
                        "{\"ratio\":{\"eval_usd\":\"0.000001\",\"production_usd\":\"3\","
                                + "\"band\":\"healthy\"}}");
        assertThat(r.ratio.evalMicros()).isEqualTo(1);
        assertThat(r.ratio.productionMicros()).isEqualTo(3_000_000);
        assertThat(ReportFormat.TEXT.render(r, ALL.evaluate(r), ALL))
                .contains("Testing-to-Inference ratio n/a (healthy) over n/a days");
    }

    @Test
    void usesTheRunTheAnswerNamesElseTheOneAskedFor() {
        assertThat(ReportFixtures.parse("{\"run\":\"other\"}").run).isEqualTo("other");
        assertThat(ReportFixtures.parse("{}").run).isEqualTo("r1");
    }
}
