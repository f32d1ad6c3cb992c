package dev.evalgate.benchmarks;

import dev.evalgate.cache.store.AnswerCodec;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.CorruptEntryException;
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
 * The cache envelope: how an answer becomes the bytes stored in Redis (on every stored miss) and
 * back (on every Redis hit), and the size the in-process tier weighs each entry by.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class EnvelopeBenchmark {
    /** Size of the stored answer body in bytes: a short and a long completion. */
    @Param({"1024", "51200"})
    public int answerBytes;

    private CachedAnswer answer;
    private byte[] envelope;

    /** Builds the answer and its envelope once. */
    @Setup
    public void setUp() {
        answer = Inputs.chatAnswer(answerBytes);
        envelope = AnswerCodec.encode(answer);
    }

    /** Answer to envelope, deflating a body above 1 KB (the Redis write path). */
    @Benchmark
    public byte[] encode() {
        return AnswerCodec.encode(answer);
    }

    /** Envelope to answer, every length checked (the Redis hit path). */
    @Benchmark
    public CachedAnswer decode() throws CorruptEntryException {
        return AnswerCodec.decode(envelope);
    }

    /** The weight of an entry in the in-process tier (every L1 put). */
    @Benchmark
    public int sizeOf() {
        return AnswerCodec.sizeOf(answer);
    }
}
