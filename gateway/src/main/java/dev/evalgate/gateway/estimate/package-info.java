/**
 * The pre-flight estimate of an eval suite ({@code POST /admin/estimate}, {@code evalgate
 * estimate}): the suite's requests as posted, what each still to call is expected to cost and can
 * cost at most, and the totals, without Netty or HTTP.
 */
package dev.evalgate.gateway.estimate;
