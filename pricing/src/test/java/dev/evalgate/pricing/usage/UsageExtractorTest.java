package dev.evalgate.pricing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageExtractorTest {

    @Test
    void readsAChatCompletionAndSubtractsCachedTokensFromThePrompt() {
        String answer =
                "{\"object\":\"chat.completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":2006,"
                        + "\"completion_tokens\":300,\"total_tokens\":2306,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":1920,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":128}}}";
        assertThat(UsageExtractor.fromOpenAi(bytes(answer)))
                .contains(new Usage(86, 1920, 300, 0, 0, false));
    }

    @Test
    void readsATextCompletionWithoutDetails() {
        String answer =
                "{\"object\":\"text_completion\",\"usage\":{\"prompt_tokens\":5,"
                        + "\"completion_tokens\":7,\"total_tokens\":12}}";
        assertThat(UsageExtractor.fromOpenAi(bytes(answer)))
                .contains(new Usage(5, 0, 7, 0, 0, false));
    }

    @Test
    void readsEmbeddingsWhichHaveNoCompletionTokens() {
        String answer =
                "{\"object\":\"list\",\"data\":[],\"usage\":{\"prompt_tokens\":8,"
                        + "\"total_tokens\":8}}";
        assertThat(UsageExtractor.fromOpenAi(bytes(answer)))
                .contains(new Usage(8, 0, 0, 0, 0, false));
    }

    @Test
    void readsAnAnthropicMessageWhoseInputExcludesCacheTokens() {
        String answer =
                "{\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":21,"
                        + "\"cache_creation_input_tokens\":188086,\"cache_read_input_tokens\":0,"
                        + "\"output_tokens\":393}}";
        Usage usage = UsageExtractor.fromAnthropic(bytes(answer)).orElseThrow();
        assertThat(usage).isEqualTo(new Usage(21, 0, 393, 188086, 0, false));
        assertThat(usage.promptTokens()).isEqualTo(188107);
    }

    @Test
    void treatsNullAnthropicCacheFiguresAsZero() {
        String answer =
                "{\"usage\":{\"input_tokens\":10,\"output_tokens\":2,"
                        + "\"cache_creation_input_tokens\":null}}";
        assertThat(UsageExtractor.fromAnthropic(bytes(answer)))
                .contains(Usage.anthropic(10, 2, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{\"choices\":[]}",
                "{\"usage\":null}",
                "{\"usage\":{\"completion_tokens\":3}}",
                "{\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":3}}",
                "{\"usage\":{\"prompt_tokens\":1.5,\"completion_tokens\":3}}",
                "{\"usage\":{\"prompt_tokens\":\"4\",\"completion_tokens\":3}}",
                "{\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":5}}}",
                "{\"usage\":{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":3}}",
            })
    void yieldsNothingForAnOpenAiAnswerWithoutUsableCounts(String answer) {
        assertThat(UsageExtractor.fromOpenAi(bytes(answer))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"usage\":{\"output_tokens\":3}}",
                "{\"usage\":{\"input_tokens\":3}}",
                "{\"usage\":{\"input_tokens\":3,\"output_tokens\":1,"
                        + "\"cache_read_input_tokens\":-2}}",
                "{\"type\":\"message\"}",
            })
    void yieldsNothingForAnAnthropicAnswerWithoutUsableCounts(String answer) {
        assertThat(UsageExtractor.fromAnthropic(bytes(answer))).isEmpty();
    }

    @Test
    void nullBodyYieldsNothing() {
        assertThat(UsageExtractor.fromOpenAi(null)).isEmpty();
        assertThat(UsageExtractor.fromAnthropic(null)).isEmpty();
    }

    @Test
    void usageRejectsImpossibleFigures() {
        assertThatThrownBy(() -> Usage.openAi(4, 5, 0))
                .hasMessage("cachedTokens: 5 (expected: <= promptTokens 4)");
        assertThatThrownBy(() -> Usage.anthropic(-1, 0, 0, 0))
                .hasMessage("input: -1 (expected: >= 0)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
