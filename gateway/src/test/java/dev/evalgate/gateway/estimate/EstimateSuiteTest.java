package dev.evalgate.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateSuiteTest {

    private static List<Suite.Request> parse(String body) throws InvalidSuiteException {
        return Suite.parse(body.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static String text(Suite.Request r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesSkipBlankLinesAndKeepFileLineNumbers() throws Exception {
        List<Suite.Request> requests =
                parse("\n{\"model\":\"a\"}\n\n  \t\r\n {\"model\":\"b\"} \r\n\n");

        assertThat(requests).extracting(Suite.Request::line).containsExactly(2, 5);
        assertThat(requests)
                .extracting(EstimateSuiteTest::text)
                .containsExactly("{\"model\":\"a\"}", "{\"model\":\"b\"}");
        assertThat(requests).allSatisfy(r -> assertThat(r.problem()).isNull());
    }

    @Test
    void aLineThatIsNotJsonIsStillARequestForTheGatewayToRefuse() throws Exception {
        List<Suite.Request> requests = parse("{\"model\":\"a\"}\nnot json\n");

        assertThat(requests).hasSize(2);
        assertThat(text(requests.get(1))).isEqualTo("not json");
        assertThat(requests.get(1).line()).isEqualTo(2);
    }

    @Test
    void anArrayKeepsEachElementsOwnBytesAndPosition() throws Exception {
        String first = "{\"model\":\"a\", \"messages\":[{\"role\":\"user\",\"content\":\"[x]\"}]}";
        String second = "{ \"model\" : \"b\" ,\n \"n\": 1.50 }";
        List<Suite.Request> requests = parse("  [\n " + first + " ,\n" + second + "\n]\n");

        assertThat(requests).extracting(Suite.Request::line).containsExactly(1, 2);
        assertThat(requests).extracting(EstimateSuiteTest::text).containsExactly(first, second);
    }

    @Test
    void anArrayElementThatIsNotAnObjectIsAProblem() throws Exception {
        List<Suite.Request> requests = parse("[{\"model\":\"a\"}, 42, \"x\", [1, {}], null]");

        assertThat(requests).extracting(Suite.Request::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(requests.subList(1, 5))
                .allSatisfy(
                        r -> {
                            assertThat(r.body()).isNull();
                            assertThat(r.problem())
                                    .isEqualTo("The request body must be a JSON object.");
                        });
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        assertThat(parse("\uFEFF{\"model\":\"a\"}\n"))
                .extracting(EstimateSuiteTest::text)
                .containsExactly("{\"model\":\"a\"}");
        assertThat(parse("\uFEFF [{\"model\":\"a\"}]"))
                .extracting(EstimateSuiteTest::text)
                .containsExactly("{\"model\":\"a\"}");
    }

    @Test
    void anEmptySuiteIsRefused() {
        assertThatThrownBy(() -> parse(" \n\r\n "))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("holds no request");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(InvalidSuiteException.class);
    }

    @Test
    void aMalformedArrayIsRefusedWithoutEchoingItsText() {
        assertThatThrownBy(
                        () -> parse("[{\"model\":\"a\"},\n{\"content\": \"secret prompt\" oops}]"))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageStartingWith("The suite is not a valid JSON array: ")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("secret prompt");
        assertThatThrownBy(() -> parse("[{\"model\":\"a\"}"))
                .isInstanceOf(InvalidSuiteException.class);
        assertThatThrownBy(() -> parse("[{\"model\":\"a\"}] {}"))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("follows its closing ']'");
    }

    @Test
    void moreRequestsThanTheLimitAreRefused() {
        byte[] lines = "{}\n{}\n{}\n".getBytes(StandardCharsets.UTF_8);
        byte[] array = "[{}, {}, {}]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Suite.parse(lines, 2))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("more than 2 requests");
        assertThatThrownBy(() -> Suite.parse(array, 2))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("more than 2 requests");
    }
}
