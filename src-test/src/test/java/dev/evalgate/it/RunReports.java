package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A run's report from a live gateway ({@code GET /admin/runs/<id>}) and how it spells money. */
final class RunReports {

    private RunReports() {}

    /**
     * The report of {@code run} from the gateway at {@code base} once it counts {@code calls};
     * {@code headers} (name, value pairs) carry a gateway key where one is required.
     */
    static JsonNode awaitCalls(String base, String run, long calls, String... headers) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            HttpResponse<String> r = Http.get(base + "/admin/runs/" + run, headers);
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                            last[0] = Http.json(r.body());
                            assertThat(last[0].path("calls").asLong()).isEqualTo(calls);
                        });
        return last[0];
    }

    /** {@code micros} as the plain six-decimal dollars of the {@code *_usd} fields: 0.012345. */
    static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
