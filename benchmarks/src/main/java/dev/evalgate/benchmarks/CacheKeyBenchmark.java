package dev.evalgate.benchmarks;

import dev.evalgate.cache.key.CacheKey;
import dev.evalgate.cache.key.Canonicalizer;
import dev.evalgate.cache.key.InvalidJsonException;
import dev.evalgate.cache.key.KeyInput;
import dev.evalgate.gateway.cache.EvalCache;
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
 * Step 4 of every cached request: the canonical form of the body, the SHA-256 key over it and the
 * request's identity, and the store address, through the same public entry points the gateway's
 * {@code CacheKeys} calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CacheKeyBenchmark {
    /** Size of the request body in bytes: a typical eval prompt and a long conversation. */
    @Param({"2048", "204800"})
    public int requestBytes;

    private byte[] body;
    private byte[] canonical;

    /** Builds the request and its canonical form once. */
    @Setup
    public void setUp() throws InvalidJsonException {
        body = Inputs.chatRequest(requestBytes);
        canonical = Canonicalizer.canonicalize(body, 0, body.length);
    }

    /** Parse, validate and rewrite the body canonically. */
    @Benchmark
    public byte[] canonicalize() throws InvalidJsonException {
        return Canonicalizer.canonicalize(body, 0, body.length);
    }

    /** The SHA-256 key over an already canonical body. */
    @Benchmark
    public CacheKey key() {
        return CacheKey.of(keyInput(canonical));
    }

    /** The whole step, as the gateway runs it: canonical form, key, store address. */
    @Benchmark
    public String canonicalizeAndKey() throws InvalidJsonException {
        byte[] c = Canonicalizer.canonicalize(body, 0, body.length);
        return EvalCache.storeKey("default", Inputs.MODEL, CacheKey.of(keyInput(c)));
    }

    private static KeyInput keyInput(byte[] canonical) {
        return new KeyInput(
                "default",
                "team-evals",
                "openai",
                Inputs.MODEL,
                "/v1/chat/completions",
                -1,
                canonical);
    }
}
