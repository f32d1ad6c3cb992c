package dev.evalgate.gateway.translate;

/** The two wire protocols a translation goes between; named in refusal messages. */
enum Protocol {
    OPENAI("OpenAI"),
    ANTHROPIC("Anthropic");

    private final String displayName;

    Protocol(String displayName) {
        this.displayName = displayName;
    }

    String displayName() {
        return displayName;
    }
}
