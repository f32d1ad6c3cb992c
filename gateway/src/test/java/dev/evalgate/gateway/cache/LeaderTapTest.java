package dev.evalgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalgate.cache.flight.Flight;
import dev.evalgate.cache.flight.FlightListener;
import dev.evalgate.cache.flight.SingleFlight;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tap on an upstream answer hands on when the exchange ends. */
class LeaderTapTest {

    private static final long NOW = 1_700_000_000_000L;

    private static final String STREAM =
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
                    + "\"finish_reason\":null}]}\n\n"
                    + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n";

    /** Records every call; answers with a cost header. */
    private static final class Recorder implements LeaderTap.Listener {
        final List<CachedAnswer> answers = new ArrayList<>();
        final HttpHeaders reply = new DefaultHttpHeaders().set("x-eval-cost-usd", "0.000042");
        Runnable during = () -> {};

        @Override
        public HttpHeaders answered(CachedAnswer answer) {
            answers.add(answer);
            during.run();
            return reply;
        }
    }

    private final Recorder listener = new Recorder();

    private static HttpHeaders typed(String contentType) {
        return new DefaultHttpHeaders().set("content-type", contentType);
    }

    private static void body(LeaderTap tap, String piece) {
        ByteBuf b = Unpooled.copiedBuffer(piece, StandardCharsets.UTF_8);
        try {
            tap.onBody(b);
            assertThat(b.readerIndex()).as("the tap only reads").isZero();
        } finally {
            b.release();
        }
    }

    @Test
    void collectsAPlainAnswerAndHandsItOnComplete() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("application/json"));
        body(tap, "{\"id\":");
        body(tap, "\"x\",\"usage\":");
        body(tap, "{}}");
        tap.onEnd(true);

        assertThat(listener.answers)
                .containsExactly(
                        new CachedAnswer(
                                200,
                                List.of(new StoredHeader("content-type", "application/json")),
                                "{\"id\":\"x\",\"usage\":{}}".getBytes(StandardCharsets.UTF_8),
                                NOW));
    }

    @Test
    void assemblesAStreamIntoTheCompleteAnswer() throws Exception {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("text/event-stream; charset=utf-8"));
        int cut = STREAM.indexOf("\"lo\"");
        body(tap, STREAM.substring(0, cut));
        body(tap, STREAM.substring(cut));
        tap.onEnd(true);

        assertThat(listener.answers).hasSize(1);
        CachedAnswer answer = listener.answers.get(0);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers())
                .containsExactly(new StoredHeader("content-type", "application/json"));
        JsonNode json = new ObjectMapper().readTree(answer.body());
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Hello");
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void cutStreamGivesNoAnswer() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("text/event-stream"));
        body(tap, STREAM.substring(0, STREAM.indexOf("data: [DONE]")));
        tap.onEnd(true);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
    }

    @Test
    void plainAnswerThatIsNotJsonGivesNoAnswer() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("application/json"));
        body(tap, "{\"id\":\"x\",\"usage\":{}]");
        tap.onEnd(true);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
    }

    @Test
    void htmlPageGivesNoAnswer() {
        Flight flight = new SingleFlight().join("k").flight();
        LeaderTap tap = new LeaderTap(flight, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("text/html; charset=utf-8"));
        body(tap, "<html><body>Sign in</body></html>");
        tap.onEnd(true);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
        assertThat(flight.answer()).isNull();
    }

    @Test
    void errorAnswerGivesNoAnswer() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(429, typed("application/json"));
        body(tap, "{\"error\":{\"message\":\"slow down\"}}");
        tap.onEnd(true);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
        assertThat(tap.answerHeaders()).isNull();
    }

    @Test
    void incompleteExchangeGivesNoAnswer() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(200, typed("application/json"));
        body(tap, "{\"id\":");
        tap.onEnd(false);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
    }

    @Test
    void listenerIsToldOnceWhenTheExchangeEndsTwice() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);
        tap.onHeaders(200, typed("application/json"));
        body(tap, "{}");

        tap.onEnd(true);
        tap.onEnd(false);
        tap.onEnd(true);

        assertThat(listener.answers).hasSize(1).doesNotContainNull();
    }

    @Test
    void answerHeadersAreWhatTheListenerReturned() {
        LeaderTap tap = new LeaderTap(null, StreamFormat.OPENAI_CHAT, NOW, true, listener);
        tap.onHeaders(200, typed("application/json"));
        body(tap, "{}");
        assertThat(tap.answerHeaders()).as("before the end").isNull();

        tap.onEnd(true);

        assertThat(tap.answerHeaders()).isSameAs(listener.reply);
    }

    @Test
    void holdsPlainAnswerMirrorsTheFlag() {
        assertThat(new LeaderTap(null, null, NOW, true, listener).holdsPlainAnswer()).isTrue();
        assertThat(new LeaderTap(null, null, NOW, false, listener).holdsPlainAnswer()).isFalse();
    }

    @Test
    void leaderTeesIntoItsFlightAndStoresBeforeItLands() {
        Flight flight = new SingleFlight().join("k").flight();
        List<String> followerSaw = new ArrayList<>();
        flight.subscribe(
                new FlightListener() {
                    @Override
                    public void onStart(int status, List<StoredHeader> headers, boolean streamed) {
                        followerSaw.add("start " + status);
                    }

                    @Override
                    public void onChunk(byte[] data) {
                        followerSaw.add(new String(data, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onSuccess(CachedAnswer answer) {
                        followerSaw.add("success");
                    }

                    @Override
                    public void onFailure() {
                        followerSaw.add("failure");
                    }
                });
        listener.during = () -> followerSaw.add("stored");
        LeaderTap tap = new LeaderTap(flight, StreamFormat.OPENAI_CHAT, NOW, true, listener);
        assertThat(tap.wantedWithoutClient()).isTrue();

        tap.onHeaders(200, typed("application/json"));
        body(tap, "{\"a\":");
        body(tap, "1}");
        tap.onEnd(true);

        assertThat(followerSaw).containsExactly("start 200", "{\"a\":", "1}", "stored", "success");
        assertThat(flight.answer()).isEqualTo(listener.answers.get(0));
        assertThat(flight.answer().body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
    }

    @Test
    void leaderOfAFailedAnswerReleasesItsFollowers() {
        Flight flight = new SingleFlight().join("k").flight();
        LeaderTap tap = new LeaderTap(flight, StreamFormat.OPENAI_CHAT, NOW, true, listener);

        tap.onHeaders(500, typed("application/json"));
        body(tap, "{\"error\":{}}");
        tap.onEnd(true);

        assertThat(listener.answers).containsExactly((CachedAnswer) null);
        assertThat(flight.answer()).isNull();
        assertThat(tap.wantedWithoutClient()).isFalse();
    }
}
