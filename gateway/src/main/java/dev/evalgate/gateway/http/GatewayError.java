package dev.evalgate.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every failure the gateway itself answers, mapped once to its HTTP status and to the error type
 * and code of both protocols. Upstream error bodies never pass through here: they are relayed
 * unchanged.
 */
public enum GatewayError {
    /** The body is not valid JSON, or a field has the wrong type. */
    INVALID_JSON(HttpResponseStatus.BAD_REQUEST, "invalid_request_error", "invalid_json"),
    /** A required field (such as {@code model}) is absent. */
    MISSING_FIELD(
            HttpResponseStatus.BAD_REQUEST, "invalid_request_error", "missing_required_parameter"),
    /** A header or field has a value the gateway cannot accept. */
    INVALID_VALUE(HttpResponseStatus.BAD_REQUEST, "invalid_request_error", "invalid_value"),
    /** The endpoint's protocol differs from the provider's and cannot be translated. */
    UNSUPPORTED_PROTOCOL(
            HttpResponseStatus.BAD_REQUEST, "invalid_request_error", "unsupported_protocol"),
    /** No or an unknown gateway key. */
    UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key"),
    /** No such path. */
    NOT_FOUND(HttpResponseStatus.NOT_FOUND, "not_found_error", "not_found"),
    /** No provider serves the requested model. */
    MODEL_NOT_FOUND(HttpResponseStatus.NOT_FOUND, "not_found_error", "model_not_found"),
    /** The path exists but not for this method. */
    METHOD_NOT_ALLOWED(
            HttpResponseStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed"),
    /** Replay-strict mode and no recorded answer: the message says which key and why. */
    CACHE_MISS_STRICT(
            HttpResponseStatus.PRECONDITION_FAILED, "invalid_request_error", "cache_miss"),
    /** The client did not send its whole request within {@code server.request_read_timeout}. */
    REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "invalid_request_error", "request_timeout"),
    /** The request body is larger than {@code server.max_body_bytes}. */
    BODY_TOO_LARGE(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large", "request_too_large"),
    /** The upstream could not be reached or broke the exchange before answering. */
    UPSTREAM_UNAVAILABLE(HttpResponseStatus.BAD_GATEWAY, "api_error", "upstream_unavailable"),
    /** The upstream did not answer within its first-byte or idle timeout. */
    UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "timeout_error", "upstream_timeout"),
    /** The call could exceed its run's or pipeline's budget (action {@code reject}). */
    BUDGET_EXCEEDED(HttpResponseStatus.PAYMENT_REQUIRED, "insufficient_quota", "budget_exceeded"),
    /** The provider's concurrency limit and wait queue are both full. */
    OVERLOADED(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "overloaded"),
    /** Every target's circuit is open after repeated upstream failures. */
    CIRCUIT_OPEN(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "circuit_open"),
    /**
     * The provider was scaled to zero and did not become healthy within its wake timeout, and the
     * route has no other target.
     */
    PROVIDER_WAKING(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "provider_waking"),
    /** The spend ledger (Redis) cannot be read. */
    LEDGER_UNAVAILABLE(HttpResponseStatus.SERVICE_UNAVAILABLE, "api_error", "ledger_unavailable"),
    /** The gateway is shutting down and takes no new requests. */
    SHUTTING_DOWN(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded_error", "shutting_down"),
    /** A bug: never expected, always logged. */
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error");

    private final HttpResponseStatus status;
    private final String type;
    private final String code;

    GatewayError(HttpResponseStatus status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** The HTTP status sent. */
    public HttpResponseStatus status() {
        return status;
    }

    /**
     * The error {@code type}: OpenAI's {@code error.type}; Anthropic's {@code error.type} uses the
     * same names ({@code invalid_request_error}, {@code authentication_error}, {@code
     * not_found_error}, {@code request_too_large}, {@code api_error}, {@code overloaded_error},
     * {@code timeout_error}).
     */
    public String type() {
        return type;
    }

    /** OpenAI's {@code error.code}. */
    public String code() {
        return code;
    }
}
