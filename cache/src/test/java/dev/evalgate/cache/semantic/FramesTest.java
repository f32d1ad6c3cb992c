package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.key.Canonicalizer;
import dev.evalgate.cache.sse.StreamFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static Frames.Split chat(String json) throws Exception {
        return split(StreamFormat.OPENAI_CHAT, json);
    }

    private static Frames.Split split(StreamFormat format, String json) throws Exception {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        return Frames.split(format, Canonicalizer.canonicalize(raw, 0, raw.length), 2000);
    }

    private static String chatWith(String system, String user, String extra) {
        return "{\"model\":\"m\""
                + extra
                + ",\"messages\":[{\"role\":\"system\",\"content\":\""
                + system
                + "\"},{\"role\":\"user\",\"content\":\""
                + user
                + "\"}]}";
    }

    @Test
    void takesTheFinalUserTextOutOfTheFrame() throws Exception {
        Frames.Split a = chat(chatWith("Be brief.", "What is 2+2?", ""));
        Frames.Split b = chat(chatWith("Be brief.", "what's 2 + 2", ""));
        assertThat(a.text()).isEqualTo("What is 2+2?");
        assertThat(a.frame()).isEqualTo(b.frame());
    }

    @Test
    void everythingElseIsInTheFrame() throws Exception {
        byte[] base = chat(chatWith("Be brief.", "Hi", "")).frame();
        assertThat(chat(chatWith("Be verbose.", "Hi", "")).frame()).isNotEqualTo(base);
        assertThat(chat(chatWith("Be brief.", "Hi", ",\"temperature\":0.7")).frame())
                .isNotEqualTo(base);
        assertThat(
                        chat(chatWith("Be brief.", "Hi", ",\"tools\":[{\"type\":\"function\"}]"))
                                .frame())
                .isNotEqualTo(base);
        assertThat(chat(chatWith("Be brief.", "Hi", "").replace("\"m\"", "\"n\"")).frame())
                .isNotEqualTo(base);
    }

    @Test
    void keepsNumbersExact() throws Exception {
        byte[] a = chat(chatWith("s", "Hi", ",\"temperature\":0.1")).frame();
        byte[] b = chat(chatWith("s", "Hi", ",\"temperature\":0.10000000000000000001")).frame();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void acceptsOneTextPartAndAnthropicBlocks() throws Exception {
        String parts =
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}";
        assertThat(chat(parts).text()).isEqualTo("Hello");
        assertThat(split(StreamFormat.ANTHROPIC_MESSAGES, parts).text()).isEqualTo("Hello");
        assertThat(
                        split(
                                        StreamFormat.OPENAI_COMPLETIONS,
                                        "{\"model\":\"m\",\"prompt\":\"Say hi\"}")
                                .text())
                .isEqualTo("Say hi");
    }

    @Test
    void refusesShapesItCannotSplit() throws Exception {
        assertThat(
                        chat(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}"))
                .isNull();
        assertThat(
                        chat(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}]}"))
                .isNull();
        assertThat(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}"))
                .isNull();
        assertThat(Frames.split(null, new byte[] {'{', '}'}, 10)).isNull();
        String longText = "x".repeat(2001);
        assertThat(chat(chatWith("s", longText, ""))).isNull();
    }
}
