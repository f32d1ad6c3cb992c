/**
 * Scale to zero: per provider, notices when a self-hosted model server has been idle, scales it
 * down through an action (a webhook or the Kubernetes scale subresource), and wakes it on the next
 * request, holding that request and any that follow until the server is healthy again.
 */
package dev.evalgate.gateway.scale;
