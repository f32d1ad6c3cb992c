package dev.evalgate.cache.semantic;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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

    /** Lazy holder: the class initialiser loads the weights and native libraries exactly once. */
    private static final class Model {
        // A single text is embedded on the calling thread; a direct executor keeps LangChain4j
        // from starting a pool of its own for batches we never send.
        static final EmbeddingModel INSTANCE =
                new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    }
}
