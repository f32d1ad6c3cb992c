package dev.evalgate.cache.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The local default {@link Embedder}: all-MiniLM-L6-v2 (quantized ONNX, 384 dimensions, mean
 * pooling) run in process by LangChain4j on ONNX Runtime, needing no network.
 *
 * <p>The model (about 23 MB of weights, plus ONNX Runtime's and the tokenizer's native libraries)
 * is loaded once per JVM, on the first {@link #embed} call, and shared by every instance. Text
 * longer than the model's 512-token window is embedded in windows and averaged by LangChain4j.
 * Thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
    /** The model's name as it goes into keys. */
    public static final String NAME = "all-minilm-l6-v2-q";

    /** The length of every vector this embedder returns. */
    public static final int DIMENSIONS = 384;

    private static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();

    private MiniLmEmbedder() {}

    /** Returns the embedder; it loads the model on first use, not here. */
    public static MiniLmEmbedder of() {
        return INSTANCE;
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return Cosine.normalize(Model.INSTANCE.embed(text).content().vector());
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Lazy holder: the class initialiser loads the weights and native libraries exactly once.
     *
     * <p>The session runs on the calling thread alone: ONNX Runtime's default adds an intra-op
     * thread per session that spin-waits after every call, which made one embedding cost 10 to 37
     * ms of CPU in the gateway against 4 to 6 ms of wall time (bench/EmbedCost.java), taking CPU
     * from the event loops for about a millisecond of latency.
     */
    private static final class Model {
        static final EmbeddingModel INSTANCE = load();

        private static EmbeddingModel load() {
            try {
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtSession session = env.createSession(resource(MODEL), options);
                try (InputStream tokenizer =
                        new java.io.ByteArrayInputStream(resource(TOKENIZER))) {
                    return new SingleThreaded(
                            new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
                }
            } catch (OrtException | IOException e) {
                throw new IllegalStateException("cannot load " + NAME + ": " + e, e);
            }
        }

        private static byte[] resource(String name) throws IOException {
            try (InputStream in =
                    AllMiniLmL6V2QuantizedEmbeddingModel.class
                            .getClassLoader()
                            .getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("no resource " + name);
                }
                return in.readAllBytes();
            }
        }
    }

    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    /** LangChain4j's in-process model around our session, embedding on the calling thread. */
    private static final class SingleThreaded extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        SingleThreaded(OnnxBertBiEncoder encoder) {
            // A direct executor keeps LangChain4j from starting a pool for batches never sent.
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }
}
