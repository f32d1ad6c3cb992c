package dev.evalgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonAnswersTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "application/json; charset=utf-8",
                "Application/JSON",
                "application/problem+json"
            })
    void acceptsAJsonObjectUnderAJsonContentType(String type) {
        assertThat(JsonAnswers.problem(type, bytes("{\"id\":\"x\",\"data\":[1,2]}"))).isNull();
    }

    @Test
    void acceptsAJsonBodyWithoutAContentType() {
        assertThat(JsonAnswers.problem(null, bytes(" [ {} ]\n"))).isNull();
    }

    @Test
    void namesAContentTypeThatIsNotJson() {
        assertThat(JsonAnswers.problem("text/html; charset=utf-8", bytes("{}")))
                .isEqualTo("content-type text/html instead of JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"id\":", "{\"id\":1]", "{} {}", "\"text\"", "42", "<html>"})
    void refusesABodyThatIsNotOneJsonObjectOrArray(String body) {
        assertThat(JsonAnswers.problem("application/json", bytes(body)))
                .isEqualTo("a body that is not valid JSON");
    }
}
