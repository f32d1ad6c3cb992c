package dev.evalgate.gateway.context;

import dev.evalgate.pricing.ledger.TrafficKind;

/**
 * What the gateway knows about one request before it goes upstream: who sent it and which
 * evaluation run it belongs to. Later stages (cache key, metering, routing) read it.
 *
 * @param requestId the gateway's id for this request ({@code x-request-id} on its own errors)
 * @param tenant the tenant: the gateway key's tenant, or {@code cred:<hash>} of the client's
 *     credential in passthrough mode, or {@code anonymous}
 * @param runId the evaluation run, from {@code /run/<id>/} or {@code X-Eval-Run}; null if none
 * @param pipeline {@code X-Eval-Pipeline}, or null
 * @param check {@code X-Eval-Check} (the kind of check, e.g. {@code format}), or null
 * @param traffic {@code X-Eval-Traffic}: {@code eval} (default), {@code production} or {@code
 *     shadow}
 */
public record RequestContext(
        String requestId,
        String tenant,
        String runId,
        String pipeline,
        String check,
        TrafficKind traffic) {}
