package dev.evalgate.gateway.translate;

/**
 * Response ids, derived deterministically from the upstream id by swapping the protocol prefix, so
 * {@code msg_01Xy} becomes {@code chatcmpl-01Xy} and back again: a replayed upstream answer gets
 * the same translated id, and logs on both sides can be matched.
 */
final class Ids {
    private static final String CHAT = "chatcmpl-";
    private static final String MESSAGE = "msg_";

    private Ids() {}

    /** The Chat Completions id for an Anthropic message id. */
    static String chatId(String messageId) {
        return CHAT + strip(messageId, MESSAGE);
    }

    /** The Anthropic message id for a Chat Completions id. */
    static String messageId(String chatId) {
        return MESSAGE + strip(chatId, CHAT);
    }

    private static String strip(String id, String prefix) {
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }
}
