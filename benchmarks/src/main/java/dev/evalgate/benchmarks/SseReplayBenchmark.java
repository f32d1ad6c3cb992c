package dev.evalgate.benchmarks;

import dev.evalgate.cache.sse.InvalidAnswerException;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.cache.sse.StreamReplayer;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.gateway.cache.CachedReplies;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A cache hit for a client that asked for {@code stream: true}: the stored complete answer
 * re-emitted as the SSE stream its provider would have sent, alone ({@link StreamReplayer}) and as
 * the whole response the gateway writes ({@link CachedReplies#of}); the plain JSON hit for scale.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SseReplayBenchmark {
    /** Size of the stored answer body in bytes: a short and a long completion. */
    @Param({"1024", "51200"})
    public int answerBytes;

    /** Which protocol's stream: OpenAI chat chunks or Anthropic message events. */
    @Param({"chat", "messages"})
    public String format;

    private CachedAnswer answer;
    private StreamFormat streamFormat;
    private HttpHeaders extra;

    /** Builds the stored answer once. */
    @Setup
    public void setUp() {
        boolean chat = format.equals("chat");
        answer = chat ? Inputs.chatAnswer(answerBytes) : Inputs.messagesAnswer(answerBytes);
        streamFormat = chat ? StreamFormat.OPENAI_CHAT : StreamFormat.ANTHROPIC_MESSAGES;
        extra =
                new DefaultHttpHeaders()
                        .set(CachedReplies.CACHE_HEADER, "HIT")
                        .set("x-request-id", "0f8e7d6c5b4a3921");
    }

    /** The SSE bytes of the stored answer, usage chunk included. */
    @Benchmark
    public byte[] replay() throws InvalidAnswerException {
        return StreamReplayer.replay(streamFormat, answer.body(), true);
    }

    /** The full streamed-hit response, as the gateway writes it. */
    @Benchmark
    public FullHttpResponse streamedHit() throws InvalidAnswerException {
        FullHttpResponse r = CachedReplies.of(answer, streamFormat, true, true, extra);
        r.release();
        return r;
    }

    /** The full plain JSON hit response: the stored bytes as they are. */
    @Benchmark
    public FullHttpResponse jsonHit() throws InvalidAnswerException {
        FullHttpResponse r = CachedReplies.of(answer, streamFormat, false, false, extra);
        r.release();
        return r;
    }
}
