package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The broken answers of the faults that still answer 200 ({@link Fault#MALFORMED}, {@link
 * Fault#PARTIAL}, {@link Fault#HTML}): each derived from the request's true answer, so a test can
 * tell what a correct gateway would have relayed.
 */
final class FaultyReplies {
    /** What a malformed event carries instead of JSON. */
    static final String GARBAGE = "{\"choices\": [ not json";

    /** The page an HTML fault answers with. */
    static final String HTML_PAGE =
            "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                    + "<body><h1>Please sign in to continue</h1></body></html>\n";

    private FaultyReplies() {}

    /**
     * {@code reply} with invalid JSON: a body whose closing brace became a bracket, or a stream
     * whose middle event's {@code data:} is garbage; the stream still ends normally.
     */
    static Reply malformed(Reply reply) {
        if (reply.isStream()) {
            List<String> events = new ArrayList<>(reply.events());
            int middle = events.size() / 2;
            String event = events.get(middle);
            int data = event.indexOf("data: ") + "data: ".length();
            events.set(middle, event.substring(0, data) + GARBAGE + "\n\n");
            return Reply.stream(events);
        }
        byte[] body = Arrays.copyOf(reply.body(), reply.body().length);
        body[body.length - 1] = ']';
        return Reply.json(reply.status(), body);
    }

    /**
     * {@code reply} ended early but cleanly: the first half of a body (its length says so), or a
     * stream's first half, without its final event.
     */
    static Reply partial(Reply reply) {
        if (reply.isStream()) {
            List<String> events = reply.events();
            return Reply.stream(events.subList(0, Math.max(1, events.size() / 2)));
        }
        return Reply.json(reply.status(), Arrays.copyOf(reply.body(), reply.body().length / 2));
    }

    /** A 200 HTML page, whatever was asked. */
    static Reply html() {
        return Reply.json(HttpResponseStatus.OK, HTML_PAGE.getBytes(StandardCharsets.UTF_8))
                .contentType("text/html; charset=utf-8");
    }
}
