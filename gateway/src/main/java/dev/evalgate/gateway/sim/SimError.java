package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Every error the simulator answers, mapped once to its status and both protocols' types. */
enum SimError {
    INVALID_REQUEST(
            HttpResponseStatus.BAD_REQUEST,
            "invalid_request_error",
            "invalid_request_error",
            "invalid_request_error"),
    NOT_FOUND(
            HttpResponseStatus.NOT_FOUND,
            "invalid_request_error",
            "unknown_url",
            "not_found_error"),
    METHOD_NOT_ALLOWED(
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "invalid_request_error",
            "method_not_allowed",
            "invalid_request_error"),
    RATE_LIMITED(
            HttpResponseStatus.TOO_MANY_REQUESTS,
            "requests",
            "rate_limit_exceeded",
            "rate_limit_error"),
    SERVER_ERROR(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "server_error",
            "internal_error",
            "api_error"),
    UNAVAILABLE(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "server_error",
            "service_unavailable",
            "overloaded_error");

    private final HttpResponseStatus status;
    private final String openAiType;
    private final String openAiCode;
    private final String anthropicType;

    SimError(
            HttpResponseStatus status, String openAiType, String openAiCode, String anthropicType) {
        this.status = status;
        this.openAiType = openAiType;
        this.openAiCode = openAiCode;
        this.anthropicType = anthropicType;
    }

    HttpResponseStatus status() {
        return status;
    }

    /** The error body in {@code protocol}'s shape. */
    byte[] body(Protocol protocol, String message, String param) {
        if (protocol == Protocol.ANTHROPIC) {
            var root = Json.object().put("type", "error");
            root.putObject("error").put("type", anthropicType).put("message", message);
            return Json.bytes(root);
        }
        var root = Json.object();
        root.putObject("error")
                .put("message", message)
                .put("type", openAiType)
                .put("param", param)
                .put("code", openAiCode);
        return Json.bytes(root);
    }

    /** The error answering an injected {@code fault} with a status. */
    static SimError of(Fault fault) {
        return switch (fault) {
            case RATE_LIMITED -> RATE_LIMITED;
            case UNAVAILABLE -> UNAVAILABLE;
            default -> SERVER_ERROR;
        };
    }
}
