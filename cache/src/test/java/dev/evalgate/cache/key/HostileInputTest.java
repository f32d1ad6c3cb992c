package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hang guard only: each case must fail on its own limit, not on time. */
@Timeout(30)
class HostileInputTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "[]",
                "1",
                "\"x\"",
                "null",
                "{} {}",
                "{}x",
                "{\"a\":1,}",
                "{'a':1}",
                "{\"a\":NaN}",
                "{\"a\":01}",
                "{\"a\":.5}",
                "{\"a\":1.}",
                "{\"a\":+1}",
                "{/*c*/\"a\":1}",
                "{\"a\":1",
                "{\"a\"}",
                "{\"a\":tru}"
            })
    void rejectsAnythingButExactlyOneObject(String json) {
        assertInvalid(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1,\"a\":1}",
                "{\"a\":1,\"\\u0061\":2}",
                "{\"m\":[{\"x\":1,\"x\":2}]}",
                "{\"stream\":true,\"stream\":false}",
                "{\"metadata\":{\"k\":1,\"k\":1}}"
            })
    void rejectsDuplicateKeysAnywhereEvenInIgnoredFields(String json) {
        assertInvalid(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsNestingTo128AndRejectsDeeper() throws Exception {
        assertThat(Canonicalizer.canonicalize(nested(127), 0, nested(127).length)).isNotEmpty();
        assertInvalid(nested(128));
        assertInvalid(nested(1_000_000));
    }

    @Test
    void rejectsHugeNumbersWithoutExpandingThem() {
        assertInvalid(("{\"n\":" + "9".repeat(1001) + "}").getBytes(StandardCharsets.US_ASCII));
        assertInvalid("{\"n\":1e1000000000}".getBytes(StandardCharsets.US_ASCII));
        assertInvalid("{\"n\":1e-1000000000}".getBytes(StandardCharsets.US_ASCII));
        assertInvalid("{\"n\":1e99999999999}".getBytes(StandardCharsets.US_ASCII));
        assertInvalid("{\"n\":1e10001}".getBytes(StandardCharsets.US_ASCII));
        assertInvalid("{\"n\":1e-10001}".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void acceptsNumbersAtTheLimits() throws Exception {
        byte[] longest = ("{\"n\":1" + "0".repeat(999) + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] smallest = "{\"n\":1e-10000}".getBytes(StandardCharsets.US_ASCII);

        assertThat(new String(Canonicalizer.canonicalize(longest, 0, longest.length)))
                .isEqualTo("{\"n\":1E+999}");
        assertThat(new String(Canonicalizer.canonicalize(smallest, 0, smallest.length)))
                .isEqualTo("{\"n\":1E-10000}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "80", // lone continuation byte
                "C0 80", // overlong NUL
                "E0 80 80", // overlong
                "ED A0 80", // encoded surrogate
                "F4 90 80 80", // above U+10FFFF
                "F5 80 80 80", // invalid lead byte
                "E2 82", // truncated sequence
                "01", // raw control character
                "00" // raw NUL
            })
    void rejectsIllFormedUtf8InsideAString(String hex) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"s\":\"".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(bytes(hex));
        body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));

        assertInvalid(body.toByteArray());
    }

    @Test
    void rejectsOtherEncodingsAndByteOrderMarks() {
        assertInvalid("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
        assertInvalid("{\"a\":1}".getBytes(StandardCharsets.UTF_16));
        assertInvalid("\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsUnpairedSurrogatesInKeys() {
        assertInvalid("{\"\\ud800\":1}".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void messagesNeverEchoTheBody() {
        String[] bodies = {
            "{\"sk-SECRET\":1,\"sk-SECRET\":2}",
            "{\"a\":sk-SECRET}",
            "{\"a\":\"sk-SECRET\"} sk-SECRET",
            "{\"a\":1" + "9".repeat(1001) + ",\"sk-SECRET\":0}",
            "[\"sk-SECRET\"]",
            "{\"sk-SECRET\":\"\u0001\"}"
        };
        for (String body : bodies) {
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Canonicalizer.canonicalize(json, 0, json.length))
                    .isInstanceOf(InvalidJsonException.class)
                    .hasNoCause()
                    .message()
                    .doesNotContain("SECRET");
        }
    }

    private static void assertInvalid(byte[] json) {
        assertThatThrownBy(() -> Canonicalizer.canonicalize(json, 0, json.length))
                .isInstanceOf(InvalidJsonException.class);
        assertThatThrownBy(() -> Canonicalizer.canonicalize(new ByteArrayInputStream(json)))
                .isInstanceOf(InvalidJsonException.class);
    }

    /** A body object holding {@code levels} nested arrays, so {@code levels + 1} levels deep. */
    private static byte[] nested(int levels) {
        return ("{\"a\":" + "[".repeat(levels) + "]".repeat(levels) + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }
}
