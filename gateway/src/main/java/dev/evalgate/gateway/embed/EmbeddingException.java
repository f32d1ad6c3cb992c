package dev.evalgate.gateway.embed;

/**
 * An embeddings call that gave no usable vector: a non-2xx answer or a body without one. Its
 * message names the status or the defect, never a header or the text.
 */
final class EmbeddingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmbeddingException(String message) {
        super(message);
    }
}
