package dev.evalgate.gateway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The small eval suite the demo runs: format checks (to the {@code eval/format} alias), semantic
 * checks (to {@code eval/semantic}), a streamed answer, an Anthropic message and embeddings.
 */
final class DemoSuite {

    /**
     * One request of the suite.
     *
     * @param path endpoint below {@code /v1}
     * @param check the {@code X-Eval-Check} value
     * @param body the JSON body
     */
    record Case(String path, String check, String body) {}

    private DemoSuite() {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String[] snippets = {
            "{\\\"a\\\": 1}", "{a: 1}", "[1, 2, 3]", "{\\\"ok\\\": true,}", "\\\"text\\\"", "{}"
        };
        for (String s : snippets) {
            cases.add(
                    new Case(
                            "/chat/completions",
                            "format",
                            "{\"model\":\"eval/format\",\"temperature\":0,\"messages\":["
                                    + "{\"role\":\"system\",\"content\":\"Answer yes or no.\"},"
                                    + "{\"role\":\"user\",\"content\":\"Is this valid JSON: "
                                    + s
                                    + "\"}]}"));
        }
        String[] answers = {
            "Paris is the capital of France.",
            "The mitochondria is the powerhouse of the cell.",
            "Water boils at 100 degrees Celsius at sea level.",
            "I cannot help with that request."
        };
        for (String a : answers) {
            cases.add(
                    new Case(
                            "/chat/completions",
                            "semantic",
                            "{\"model\":\"eval/semantic\",\"temperature\":0,\"max_tokens\":64,"
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Grade this"
                                    + " answer for factual accuracy from 1 to 5: "
                                    + a
                                    + "\"}]}"));
        }
        cases.add(
                new Case(
                        "/chat/completions",
                        "semantic",
                        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
                                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Summarise the refund policy in one sentence.\"}]}"));
        cases.add(
                new Case(
                        "/messages",
                        "semantic",
                        "{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":128,\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"Is this response polite?"
                                + " 'Go away.'\"}]}"));
        cases.add(
                new Case(
                        "/embeddings",
                        "similarity",
                        "{\"model\":\"text-embedding-3-small\",\"input\":[\"refund policy\","
                                + "\"return policy\"]}"));
        return cases;
    }
}
