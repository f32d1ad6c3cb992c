package dev.evalgate.gateway.sim;

/** Server-sent event framing. */
final class Sse {
    static final String DONE = "data: [DONE]\n\n";

    private Sse() {}

    /** An OpenAI-style event: data only. */
    static String data(Object json) {
        return "data: " + Json.write(json) + "\n\n";
    }

    /** An Anthropic-style event: named type, then data. */
    static String event(String type, Object json) {
        return "event: " + type + "\ndata: " + Json.write(json) + "\n\n";
    }
}
