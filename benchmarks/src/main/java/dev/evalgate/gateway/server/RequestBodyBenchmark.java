package dev.evalgate.gateway.server;

import dev.evalgate.benchmarks.Inputs;
import dev.evalgate.cache.key.InvalidJsonException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steps 1 and 4 as the gateway runs them on the aggregated request: the streaming scan for the
 * model and flags ({@link RequestBody#scan}) and the canonical form of the body ({@link
 * CacheKeys#canonicalOf}). The body sits in a pooled direct buffer, as Netty's aggregator hands it
 * over, so {@code canonicalOf} pays its one copy to the heap.
 *
 * <p>This class lives in the gateway's package to reach those package-private entry points, as the
 * gateway's own tests do, rather than widening them for a benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RequestBodyBenchmark {
    /** Size of the request body in bytes: a typical eval prompt and a long conversation. */
    @Param({"2048", "204800"})
    public int requestBytes;

    private ByteBuf body;

    /** Copies the request into a direct buffer once. */
    @Setup
    public void setUp() {
        byte[] bytes = Inputs.chatRequest(requestBytes);
        body = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Releases the buffer. */
    @TearDown
    public void tearDown() {
        body.release();
    }

    /** The one streaming pass that validates the body and reads model and flags. */
    @Benchmark
    public RequestBody scan() throws Exception {
        return RequestBody.scan(body);
    }

    /** The canonical form of the body in the direct buffer. */
    @Benchmark
    public byte[] canonicalOf() throws InvalidJsonException {
        return CacheKeys.canonicalOf(body);
    }
}
