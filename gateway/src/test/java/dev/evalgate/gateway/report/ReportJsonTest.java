package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalgate.pricing.ratio.RatioBand;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode render(RunReport r, Thresholds t) throws Exception {
        return JSON.readTree(ReportFormat.JSON.render(r, t.evaluate(r), t));
    }

    @Test
    void keepsTheGatewaysAnswerAndAddsChecks() throws Exception {
        Thresholds t = new Thresholds(new BigDecimal("0.01"), RatioBand.CRITICAL, false);
        JsonNode json = render(ReportFixtures.report(), t);
        JsonNode expected = ReportFixtures.tree();
        expected.fieldNames()
                .forEachRemaining(f -> assertThat(json.get(f)).as(f).isEqualTo(expected.get(f)));
        assertThat(json.get("checks")).hasSize(3);
        assertThat(json.get("checks").get(0).get("name").asText()).isEqualTo("cost-budget");
        assertThat(json.get("checks").get(0).get("passed").asBoolean()).isFalse();
        assertThat(json.get("checks").get(0).get("message").asText()).contains("$0.012345");
        assertThat(json.get("checks").get(1).get("passed").asBoolean()).isTrue();
        assertThat(json.get("checks").get(2).get("name").asText()).isEqualTo("unknown-models");
    }

    @Test
    void carriesTheUnknownModelsCheckWithoutThresholds() throws Exception {
        JsonNode json = render(ReportFixtures.parse("{}"), Thresholds.none());
        assertThat(json.get("checks")).hasSize(1);
        assertThat(json.get("checks").get(0).get("passed").asBoolean()).isTrue();
    }
}
