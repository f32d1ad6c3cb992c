/**
 * The per-run spend report a CI job prints or fails on: fetching {@code GET /admin/runs/<id>} from
 * a running gateway, threshold checks, and the text, JSON, Markdown and JUnit renderings behind
 * {@code evalgate report}.
 */
package dev.evalgate.gateway.report;
