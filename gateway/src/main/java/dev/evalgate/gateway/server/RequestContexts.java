package dev.evalgate.gateway.server;

import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.http.GatewayError;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.pricing.ledger.TrafficKind;
import io.netty.handler.codec.http.HttpHeaders;

/** Builds a request's {@link RequestContext} from its path and {@code X-Eval-*} headers. */
final class RequestContexts {

    /** Longest accepted {@code X-Eval-*} label value. */
    static final int MAX_LABEL_LENGTH = 128;

    private RequestContexts() {}

    /** The context; a malformed header is a 400 naming it. */
    static RequestContext of(HttpHeaders headers, RequestPath path, String tenant, String requestId)
            throws Rejection {
        String runId = path.runId();
        String headerRun = headers.get(GatewayHeaders.EVAL_RUN);
        if (runId == null && headerRun != null) {
            if (!RequestPath.validRunId(headerRun)) {
                throw badHeader(GatewayHeaders.EVAL_RUN.toString(), "A-Z a-z 0-9 . _ : -");
            }
            runId = headerRun;
        }
        String pipeline = label(headers, GatewayHeaders.EVAL_PIPELINE.toString());
        String check = label(headers, GatewayHeaders.EVAL_CHECK.toString());
        String trafficHeader = headers.get(GatewayHeaders.EVAL_TRAFFIC);
        TrafficKind traffic =
                trafficHeader == null || trafficHeader.isEmpty()
                        ? TrafficKind.EVAL
                        : TrafficKind.fromLabel(trafficHeader)
                                .orElseThrow(
                                        () ->
                                                new Rejection(
                                                        GatewayError.INVALID_VALUE,
                                                        "X-Eval-Traffic must be one of eval,"
                                                                + " production, shadow."));
        return new RequestContext(requestId, tenant, runId, pipeline, check, traffic);
    }

    private static String label(HttpHeaders headers, String name) throws Rejection {
        String value = headers.get(name);
        if (value != null && !validLabel(value)) {
            throw badHeader(name, "A-Z a-z 0-9 . _ : / -");
        }
        return value;
    }

    private static Rejection badHeader(String header, String alphabet) {
        return new Rejection(
                GatewayError.INVALID_VALUE,
                "Header "
                        + header
                        + " must be 1 to "
                        + MAX_LABEL_LENGTH
                        + " characters of "
                        + alphabet
                        + ".");
    }

    static boolean validLabel(String value) {
        return RequestPath.onlyLabelChars(value, MAX_LABEL_LENGTH, "._:/-");
    }
}
