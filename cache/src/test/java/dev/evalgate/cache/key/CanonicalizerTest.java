package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalizerTest {
    private static final String REQUEST =
            """
            {"model":"gpt-4o","temperature":0.7,"max_tokens":256,
             "messages":[{"role":"user","content":"Is 7 prime?"}],
             "tools":[{"type":"function","function":{"name":"check",
               "parameters":{"type":"object","properties":{"n":{"type":"integer"}}}}}],
             "x_new_param":"a"}
            """;

    @Test
    void sortsKeysAndDropsWhitespace() throws Exception {
        assertThat(canon("{ \"b\" : 1,\n\t\"a\" : [ true , null , \"x\" ] }"))
                .isEqualTo("{\"a\":[true,null,\"x\"],\"b\":1}");
    }

    @Test
    void reorderedKeysAndWhitespaceGiveTheSameKey() throws Exception {
        String reordered =
                """
                {  "x_new_param" : "a",
                   "tools" : [ { "function" : { "parameters" : { "properties" :
                       { "n" : { "type" : "integer" } }, "type" : "object" }, "name" : "check" },
                     "type" : "function" } ],
                   "messages" : [ { "content" : "Is 7 prime?", "role" : "user" } ],
                   "max_tokens" : 256, "temperature" : 0.7, "model" : "gpt-4o" }
                """;

        assertThat(key(reordered)).isEqualTo(key(REQUEST));
    }

    @Test
    void unicodeEscapesAndLiteralCharactersGiveTheSameKey() throws Exception {
        String escaped = "{\"m\":\"\\u0041\\u00e9\\uD83D\\uDE00\\/\",\"\\u0041\":1}";
        String literal = "{\"m\":\"Aé\uD83D\uDE00/\",\"A\":1}";

        assertThat(key(escaped)).isEqualTo(key(literal));
        assertThat(canon(escaped)).isEqualTo("{\"A\":1,\"m\":\"Aé\uD83D\uDE00/\"}");
    }

    @Test
    void escapesStringsOneFixedWay() throws Exception {
        assertThat(canon("{\"s\":\"q\\\" b\\\\ \\u0008\\f\\n\\r\\t \\u0001 \\u007f\"}"))
                .isEqualTo("{\"s\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \u007f\"}");
    }

    @Test
    void keepsUnpairedSurrogatesInValuesAsLowercaseEscapes() throws Exception {
        assertThat(canon("{\"s\":\"\\uD800x\\uDC00\"}")).isEqualTo("{\"s\":\"\\ud800x\\udc00\"}");
    }

    @Test
    void sortsKeysByUtf16CodeUnits() throws Exception {
        // U+1F600 is the pair D83D DE00, which sorts before U+FF61 by code unit.
        assertThat(canon("{\"\uFF61\":1,\"\uD83D\uDE00\":2,\"b\":3,\"B\":4}"))
                .isEqualTo("{\"B\":4,\"b\":3,\"\uD83D\uDE00\":2,\"\uFF61\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "1e0", "10E-1", "1.00", "0.1e1", "1E+0", "100e-2"})
    void spellingsOfOneNumberAreEqual(String spelling) throws Exception {
        assertThat(canon("{\"n\":" + spelling + "}")).isEqualTo("{\"n\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0e5", "0e-7"})
    void everyZeroIsZero(String spelling) throws Exception {
        assertThat(canon("{\"n\":" + spelling + "}")).isEqualTo("{\"n\":0}");
    }

    @ParameterizedTest
    @MethodSource("spellings")
    void printsNumbersInOneSpelling(String input, String canonical) throws Exception {
        assertThat(canon("{\"n\":" + input + "}")).isEqualTo("{\"n\":" + canonical + "}");
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of("100", "100"),
                Arguments.of("1.5e2", "150"),
                Arguments.of("-2.50", "-2.5"),
                Arguments.of("0.70", "0.7"),
                Arguments.of("0.000001", "0.000001"),
                Arguments.of("1e-7", "1E-7"),
                Arguments.of("-15e-9", "-1.5E-8"),
                Arguments.of("999999999999999999999", "999999999999999999999"),
                Arguments.of("1e21", "1E+21"),
                Arguments.of("12345678901234567890123", "12345678901234567890123"),
                Arguments.of("12345678901234567890000", "1.234567890123456789E+22"),
                Arguments.of("1e10000", "1E+10000"));
    }

    @Test
    void neverMergesNumbersThatADoubleWould() throws Exception {
        assertThat(key("{\"t\":0.7}")).isNotEqualTo(key("{\"t\":0.70000001}"));
        assertThat(key("{\"n\":9007199254740993}")).isNotEqualTo(key("{\"n\":9007199254740992}"));
        assertThat(key("{\"n\":1e400}")).isNotEqualTo(key("{\"n\":1.0000000000000001e400}"));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void anyChangeThatCouldChangeTheAnswerChangesTheKey(String from, String to) throws Exception {
        assertThat(REQUEST).contains(from);

        assertThat(key(REQUEST.replace(from, to))).isNotEqualTo(key(REQUEST));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("\"temperature\":0.7", "\"temperature\":0.70000001"),
                Arguments.of("\"temperature\":0.7", "\"temperature\":null"),
                Arguments.of("\"temperature\":0.7,", ""),
                Arguments.of("\"max_tokens\":256", "\"max_tokens\":257"),
                Arguments.of("Is 7 prime?", "Is 7 prime? "),
                Arguments.of("\"type\":\"integer\"", "\"type\":\"number\""),
                Arguments.of("\"x_new_param\":\"a\"", "\"x_new_param\":\"b\""),
                Arguments.of("\"x_new_param\":\"a\"", "\"x_new_param\":\"a\",\"seed\":1"),
                Arguments.of("\"x_new_param\":\"a\"", "\"x_new_param\":\"a\",\"y\":null"),
                Arguments.of("[{\"role\"", "[{\"name\":\"stream\",\"role\""));
    }

    @Test
    void explicitNullIsNotTheSameAsOmitted() throws Exception {
        assertThat(canon("{\"a\":1,\"temperature\":null}"))
                .isEqualTo("{\"a\":1,\"temperature\":null}");
        assertThat(key("{\"a\":1,\"temperature\":null}")).isNotEqualTo(key("{\"a\":1}"));
    }

    @Test
    void dropsIgnoredFieldsAtTheTopLevelOnly() throws Exception {
        String withIgnored =
                REQUEST.replace(
                        "\"model\"",
                        "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                + "\"user\":\"ci-42\",\"metadata\":{\"run\":\"r1\"},"
                                + "\"store\":false,\"model\"");

        assertThat(key(withIgnored)).isEqualTo(key(REQUEST));
        assertThat(canon("{\"messages\":[{\"stream\":true,\"user\":\"u\"}],\"stream\":false}"))
                .isEqualTo("{\"messages\":[{\"stream\":true,\"user\":\"u\"}]}");
        assertThat(canon("{\"o\":{\"stream\":true}}")).isEqualTo("{\"o\":{\"stream\":true}}");
    }

    @Test
    void readsOnlyTheGivenRange() throws Exception {
        byte[] framed = "xx{\"b\":2, \"a\":1}yy".getBytes(StandardCharsets.UTF_8);

        assertThat(
                        new String(
                                Canonicalizer.canonicalize(framed, 2, framed.length - 4),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void streamInputGivesTheSameBytesAndStaysOpen() throws Exception {
        byte[] json = REQUEST.getBytes(StandardCharsets.UTF_8);
        boolean[] closed = {false};
        ByteArrayInputStream in =
                new ByteArrayInputStream(json) {
                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                };

        assertThat(Canonicalizer.canonicalize(in))
                .isEqualTo(Canonicalizer.canonicalize(json, 0, json.length));
        assertThat(closed[0]).isFalse();
    }

    static String canon(String json) throws InvalidJsonException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new String(
                Canonicalizer.canonicalize(bytes, 0, bytes.length), StandardCharsets.UTF_8);
    }

    static CacheKey key(String json) throws InvalidJsonException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return CacheKey.of(
                new KeyInput(
                        "default",
                        "team-a",
                        "openai",
                        "gpt-4o-2024-08-06",
                        "/v1/chat/completions",
                        -1,
                        Canonicalizer.canonicalize(bytes, 0, bytes.length)));
    }
}
