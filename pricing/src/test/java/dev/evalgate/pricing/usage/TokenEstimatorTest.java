package dev.evalgate.pricing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static TokenEstimator estimator;

    @BeforeAll
    static void loadTables() {
        estimator = new TokenEstimator();
    }

    @Test
    void countsChatMessagesWithOpenAisPerMessageOverhead() {
        // "hello world" is 2 tokens in both tables; 3 per message + 3 to prime the reply.
        String request =
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"hello"
                        + " world\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"hello world\"}]}]}";
        assertThat(estimator.countPrompt("gpt-4o", bytes(request))).isEqualTo(3 + 2 + 3 + 2 + 3);
    }

    @Test
    void usesTheModelFamilysTokenizer() {
        String text = "Cost-effective evaluation pipelines ☃ 東京";
        assertThat(estimator.encodingFor("gpt-4o-mini").getName()).isEqualTo("o200k_base");
        assertThat(estimator.encodingFor("o3-mini").getName()).isEqualTo("o200k_base");
        assertThat(estimator.encodingFor("gpt-4-turbo").getName()).isEqualTo("cl100k_base");
        assertThat(estimator.encodingFor("claude-3-5-sonnet").getName()).isEqualTo("cl100k_base");
        assertThat(estimator.countText("gpt-4o", text))
                .isNotEqualTo(estimator.countText("gpt-4", text));
    }

    @Test
    void countsAnthropicSystemPromptAndAnswerBlocks() {
        String request =
                "{\"system\":\"hello world\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hello world\"}],\"max_tokens\":10}";
        String answer =
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}";
        Usage usage = estimator.estimate("claude-3-5-haiku", bytes(request), bytes(answer));
        assertThat(usage).isEqualTo(Usage.estimated(2 + 3 + 2 + 3, 2));
        assertThat(usage.estimated()).isTrue();
    }

    @Test
    void countsCompletionPromptsEmbeddingInputsAndTokenArrays() {
        assertThat(
                        estimator.countPrompt(
                                "gpt-3.5-turbo-instruct", bytes("{\"prompt\":\"hello world\"}")))
                .isEqualTo(2);
        assertThat(
                        estimator.countPrompt(
                                "text-embedding-3-small",
                                bytes("{\"input\":[\"hello world\",\"hello world\"]}")))
                .isEqualTo(4);
        assertThat(
                        estimator.countPrompt(
                                "text-embedding-3-small", bytes("{\"input\":[[1,2,3],[4]]}")))
                .isEqualTo(4);
    }

    @Test
    void countsChatAndCompletionAnswersIncludingToolArguments() {
        String chat =
                "{\"choices\":[{\"message\":{\"content\":\"hello world\",\"tool_calls\":"
                        + "[{\"function\":{\"name\":\"f\",\"arguments\":\"hello world\"}}]}}]}";
        assertThat(estimator.countAnswer("gpt-4o", bytes(chat))).isEqualTo(2 + 1 + 2);
        assertThat(
                        estimator.countAnswer(
                                "gpt-4", bytes("{\"choices\":[{\"text\":\"hello world\"}]}")))
                .isEqualTo(2);
    }

    @Test
    void countsTextThatIsNotJsonAndSpecialTokensAsPlainText() {
        assertThat(estimator.countPrompt("gpt-4o", bytes("hello world"))).isEqualTo(2);
        assertThat(estimator.countText("gpt-4o", "<|endoftext|>")).isGreaterThan(1);
        assertThat(estimator.countAnswer("gpt-4o", bytes("oops"))).isZero();
        assertThat(estimator.estimate("gpt-4o", bytes("{}"), null))
                .isEqualTo(Usage.estimated(0, 0));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
