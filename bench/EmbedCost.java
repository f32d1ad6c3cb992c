import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.evalgate.cache.semantic.MiniLmEmbedder;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * What one embedding costs, in wall time and in CPU of the whole process, on one thread (as on
 * one semantic worker), back to back and paced. JMH-free: a rough figure, not a JMH result.
 *
 * <p>{@code gateway} is the gateway's own embedder ({@link MiniLmEmbedder}: ONNX Runtime's default
 * session options). {@code single} is the same model with one intra-op thread and intra-op
 * spinning off, for comparison: ONNX Runtime's default pool runs a second native thread per session
 * that spin-waits for work after each call, so CPU per embedding can exceed wall time.
 *
 * <p>Run: {@code java -cp gateway/target/evalgate.jar bench/EmbedCost.java [gateway|single]...}
 */
public final class EmbedCost {

    private static final int WARM = 300;
    private static final int N = 300;
    private static final String[] WORDS =
            ("answer reference accurate claim source student essay paragraph evidence summary"
                            + " argument detail question context response grade history river"
                            + " mountain engine kitchen garden winter market bridge library forest")
                    .split(" ");

    public static void main(String[] args) throws Exception {
        for (String mode : args.length == 0 ? new String[] {"gateway", "single"} : args) {
            Function<String, float[]> embed =
                    switch (mode) {
                        case "gateway" -> MiniLmEmbedder.of()::embed;
                        case "single" -> single();
                        default -> throw new IllegalArgumentException(mode);
                    };
            Random random = new Random(42);
            for (int i = 0; i < WARM; i++) {
                embed.apply(text(random, i));
            }
            for (long pauseMs : new long[] {0, 10, 50}) {
                measure(mode, embed, random, pauseMs);
            }
        }
    }

    private static void measure(
            String mode, Function<String, float[]> embed, Random random, long pauseMs)
            throws InterruptedException {
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        long[] wall = new long[N];
        long inCalls = 0;
        long all0 = os.getProcessCpuTime();
        for (int i = 0; i < N; i++) {
            String text = text(random, i);
            Thread.sleep(pauseMs);
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            embed.apply(text);
            wall[i] = System.nanoTime() - t0;
            inCalls += os.getProcessCpuTime() - c0;
        }
        Thread.sleep(Math.max(pauseMs, 10));
        long all = os.getProcessCpuTime() - all0;
        Arrays.sort(wall);
        System.out.printf(
                "%-8s pause %2d ms: wall p50 %5.2f ms, p99 %6.2f ms; process CPU per embed:"
                        + " %5.2f ms during the call, %5.2f ms with the pauses%n",
                mode,
                pauseMs,
                wall[N / 2] / 1e6,
                wall[(int) Math.ceil(N * 0.99) - 1] / 1e6,
                inCalls / 1e6 / N,
                all / 1e6 / N);
    }

    private static String text(Random random, int n) {
        StringBuilder b = new StringBuilder("Case ").append(n).append(':');
        for (int i = 0; i < 20; i++) {
            b.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.append('.').toString();
    }

    /** The same model, one intra-op thread, no spinning. */
    private static Function<String, float[]> single() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        byte[] model;
        try (InputStream in = resource("all-minilm-l6-v2-q.onnx")) {
            model = in.readAllBytes();
        }
        OrtSession session = env.createSession(model, options);
        OnnxBertBiEncoder encoder;
        try (InputStream tokenizer = resource("all-minilm-l6-v2-q-tokenizer.json")) {
            encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
        }
        var m = new Single(encoder);
        return text -> m.embed(text).content().vector();
    }

    private static InputStream resource(String name) {
        InputStream in =
                dev.langchain4j.model.embedding.onnx.allminilml6v2q
                        .AllMiniLmL6V2QuantizedEmbeddingModel.class
                        .getClassLoader()
                        .getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no resource " + name);
        }
        return in;
    }

    private static final class Single extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Single(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
