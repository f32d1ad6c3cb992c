package dev.evalgate.gateway.shadow;

import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy fidelity: sends a sample of a route's requests again, after the client has its answer, to
 * the route's shadow tier, and compares the two answers.
 *
 * <p>The shadow call goes through the gateway itself over loopback HTTP with {@code X-Eval-Traffic:
 * shadow} and {@code X-Eval-Shadow-Target: <tier>}, so it is routed, cached, metered and recorded
 * in the run manifest like any request, in its own traffic category, and is never shadowed again.
 * It runs on the JDK client's threads, never on an event loop, and nothing it does reaches the
 * client.
 */
public final class ShadowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRunner.class);

    /** The header that names the tier of a shadow call; honoured only with {@link #TRAFFIC}. */
    public static final String TARGET_HEADER = "x-eval-shadow-target";

    /** {@code X-Eval-Traffic} of shadow calls. */
    public static final String TRAFFIC = "shadow";

    /** Longest a shadow call may take before it counts as an error. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final GatewayMetrics metrics;
    private final DoubleSupplier random;
    private final Agreement agreement = new Agreement();
    private final HttpClient client;
    private volatile URI gateway;

    /**
     * A runner drawing its samples from {@code random} (values in {@code [0, 1)}).
     *
     * @param metrics where comparisons are counted
     * @param random the sampling source; inject a fixed one in tests
     */
    public ShadowRunner(GatewayMetrics metrics, DoubleSupplier random) {
        this.metrics = metrics;
        this.random = random;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    /**
     * Tells the runner where the gateway listens, once it does; a wildcard address is reached over
     * loopback.
     */
    public void bindTo(InetSocketAddress listening) {
        InetAddress a = listening.getAddress();
        InetAddress host =
                a == null || a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a;
        String h = host.getHostAddress();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        gateway = URI.create("http://" + h + ":" + listening.getPort());
    }

    /** Whether to shadow this request of a route with {@code shadow}. */
    public boolean sampled(RouteConfig.Shadow shadow) {
        return shadow != null && shadow.rate() > 0 && random.getAsDouble() < shadow.rate();
    }

    /** The comparison counts per route. */
    public Agreement agreement() {
        return agreement;
    }

    /**
     * Sends {@code request} to its shadow tier in the background and compares the answer with the
     * primary's complete 2xx answer body. Returns at once.
     */
    public void run(ShadowRequest request, byte[] primaryBody) {
        URI base = gateway;
        if (base == null) {
            return;
        }
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(request.uri()))
                        .timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> h : request.headers()) {
            b.header(h.getKey(), h.getValue());
        }
        b.header("x-eval-traffic", TRAFFIC).header(TARGET_HEADER, request.shadow().tier());
        HttpRequest shadowCall;
        try {
            shadowCall = b.build();
        } catch (IllegalArgumentException e) {
            record(request.route(), Agreement.Result.ERROR);
            return;
        }
        client.sendAsync(shadowCall, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete(
                        (response, e) -> {
                            if (e != null) {
                                LOG.debug(
                                        "shadow call on route {} failed: {}",
                                        request.route(),
                                        e.toString());
                                record(request.route(), Agreement.Result.ERROR);
                            } else {
                                record(request.route(), compare(request, primaryBody, response));
                            }
                        });
    }

    private static Agreement.Result compare(
            ShadowRequest request, byte[] primaryBody, HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            LOG.debug(
                    "shadow call on route {} answered {}", request.route(), response.statusCode());
            return Agreement.Result.ERROR;
        }
        try {
            String primary = AnswerText.of(primaryBody);
            String shadow = AnswerText.of(response.body());
            return AnswerComparator.of(request.shadow()).agree(primary, shadow)
                    ? Agreement.Result.AGREE
                    : Agreement.Result.DISAGREE;
        } catch (AnswerText.UnreadableAnswerException e) {
            LOG.debug("shadow comparison on route {}: {}", request.route(), e.getMessage());
            return Agreement.Result.ERROR;
        }
    }

    private void record(String route, Agreement.Result result) {
        agreement.record(route, result);
        metrics.shadowComparison(route, result.label());
    }
}
