package dev.evalgate.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.semantic.MiniLmEmbedder;
import dev.evalgate.gateway.auth.Authenticator;
import dev.evalgate.gateway.cache.CachePolicy;
import dev.evalgate.gateway.cache.EvalCache;
import dev.evalgate.gateway.cache.SemanticCache;
import dev.evalgate.gateway.config.AliasConfig;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ModelPattern;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.embed.GatewayEmbedder;
import dev.evalgate.gateway.meter.Metering;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.gateway.metrics.MeterNames;
import dev.evalgate.gateway.proxy.UpstreamClient;
import dev.evalgate.gateway.resilience.ConcurrencyLimiter;
import dev.evalgate.gateway.route.RouteTable;
import dev.evalgate.gateway.run.RunManifests;
import dev.evalgate.gateway.scale.ScaleToZero;
import dev.evalgate.gateway.shadow.ShadowRunner;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: one listening socket, one event-loop group shared by client connections and
 * upstream connections (an exchange and its upstream connection run on the same loop).
 *
 * <p>Shutdown is graceful: stop accepting, close idle connections, let in-flight requests and
 * streams finish up to {@code server.drain_timeout}, then close what is left.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayConfig config;
    private final EventLoopGroup group;
    private final UpstreamClient upstreams;
    private final EvalCache cache;
    private final GatewayMetrics metrics = new GatewayMetrics();

    /** Runs whose manifest is kept in memory. */
    static final int MANIFEST_RUNS = 256;

    /** Entries kept per run manifest. */
    static final int MANIFEST_ENTRIES_PER_RUN = 100_000;

    private final Lifecycle lifecycle = new Lifecycle();
    private final Metering metering;
    private final SuiteEstimator estimator = new SuiteEstimator();
    private final SemanticCache semantic;
    private final GatewayEmbedder embeddings;
    private final ScaleToZero scaleToZero;
    private final Channel serverChannel;
    private final Transport transport;
    private boolean closed;

    private GatewayServer(GatewayConfig config, Clock clock, Duration scaleTick)
            throws InterruptedException {
        this.config = config;
        this.transport = Transport.best();
        this.group =
                new MultiThreadIoEventLoopGroup(
                        config.server().ioThreads(), transport.ioHandlerFactory());
        this.upstreams = new UpstreamClient(config.providers(), transport);
        this.cache = EvalCache.create(config.cache());
        this.semantic = semanticTier(config, cache);
        this.embeddings = gatewayEmbedder(config);
        ShadowRunner shadows =
                new ShadowRunner(metrics, () -> ThreadLocalRandom.current().nextDouble());
        this.metering = Metering.create(config, cache.redisStrings(), metrics, clock);
        this.scaleToZero =
                ScaleToZero.start(
                        ScaleSetup.sections(config),
                        ScaleSetup.healthHeaders(config),
                        clock,
                        scaleTick,
                        metrics);
        GatewayServices services =
                new GatewayServices(
                        config,
                        new RouteTable(config),
                        new Authenticator(config.auth()),
                        upstreams,
                        lifecycle,
                        modelsBody(config),
                        cache,
                        new CachePolicy(config.cache()),
                        new RunManifests(MANIFEST_RUNS, MANIFEST_ENTRIES_PER_RUN),
                        metrics,
                        new CircuitBreakers(config.providers().keySet(), metrics),
                        limiters(config, metrics),
                        shadows,
                        metering,
                        estimator,
                        semantic,
                        embeddings,
                        scaleToZero);
        metrics.upstreamProviders(config.providers().keySet());
        metrics.nettyGauges(group);
        metrics.shadowRoutes(
                config.routes().stream()
                        .filter(r -> r.shadow() != null)
                        .map(RouteConfig::name)
                        .toList());
        if (semantic != null) {
            java.util.Map<String, java.util.function.LongSupplier> outcomes =
                    new java.util.LinkedHashMap<>();
            outcomes.put("hit", semantic::hitCount);
            outcomes.put("miss", semantic::missCount);
            outcomes.put("ineligible", semantic::ineligibleCount);
            outcomes.put("busy", semantic::busyCount);
            outcomes.put("error", semantic::errorCount);
            semantic.timeProbesWith(
                    metrics.semanticMeters(outcomes, semantic::entries, semantic::queued));
        }
        if (cache.hasL1()) {
            metrics.cacheL1Gauges(cache::l1Entries, cache::l1Bytes);
        }
        metrics.gauge(MeterNames.IN_FLIGHT, "Requests being answered", lifecycle::inFlight);
        metrics.gauge(
                MeterNames.CACHE_IN_FLIGHT,
                "Distinct upstream calls that identical requests share",
                () -> cache.flights().size());
        try {
            this.serverChannel =
                    new ServerBootstrap()
                            .group(group)
                            .channel(transport.serverChannel())
                            .option(ChannelOption.SO_BACKLOG, 1024)
                            .option(ChannelOption.SO_REUSEADDR, true)
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childOption(
                                    ChannelOption.WRITE_BUFFER_WATER_MARK,
                                    new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                            .childHandler(new GatewayInitializer(services))
                            .bind(config.server().host(), config.server().port())
                            .sync()
                            .channel();
            shadows.bindTo((InetSocketAddress) serverChannel.localAddress());
            if (embeddings != null) {
                embeddings.bindTo((InetSocketAddress) serverChannel.localAddress());
            }
        } catch (InterruptedException | RuntimeException e) {
            if (scaleToZero != null) {
                scaleToZero.close();
            }
            upstreams.close();
            if (semantic != null) {
                semantic.close();
            }
            cache.close();
            estimator.close();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * Binds and starts serving. Blocks the calling thread (never an event loop) until the socket
     * listens.
     */
    public static GatewayServer start(GatewayConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC(), null);
    }

    /**
     * Starts with {@code clock} for metering and scale to zero, ticking scale to zero every {@code
     * scaleTick} (null: the default). For tests, which move the clock instead of waiting.
     */
    static GatewayServer start(GatewayConfig config, Clock clock, Duration scaleTick)
            throws InterruptedException {
        GatewayServer server = new GatewayServer(config, clock, scaleTick);
        LOG.info(
                "evalgate listening on {}:{} ({} transport, {} providers, {} mode)",
                config.server().host(),
                server.port(),
                server.transport.name().toLowerCase(java.util.Locale.ROOT),
                config.providers().size(),
                config.passthrough() ? "passthrough" : "gateway-key");
        LOG.info("cache: {}", server.cache.description());
        LOG.info("metering: {}", server.metering.description());
        return server;
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The loopback base URL of the gateway, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Requests being answered right now. */
    public int inFlight() {
        return lifecycle.inFlight();
    }

    /**
     * The semantic tier when a route enables it, else null. When a route embeds locally, the
     * in-process model starts loading in the background; otherwise it is never loaded.
     */
    private static SemanticCache semanticTier(GatewayConfig config, EvalCache cache) {
        if (config.routes().stream().noneMatch(r -> r.semantic() != null)) {
            return null;
        }
        SemanticCache tier =
                SemanticCache.create(
                        config.cache().semantic(), cache.vectors(), MiniLmEmbedder.of());
        if (config.routes().stream()
                .anyMatch(r -> r.semantic() != null && r.semantic().gatewayModel() == null)) {
            tier.warmUp();
        }
        return tier;
    }

    /** The loopback embeddings client when a route's tier embeds through the gateway, else null. */
    private static GatewayEmbedder gatewayEmbedder(GatewayConfig config) {
        return config.routes().stream()
                        .anyMatch(r -> r.semantic() != null && r.semantic().gatewayModel() != null)
                ? new GatewayEmbedder()
                : null;
    }

    /** Graceful shutdown with the configured drain timeout. */
    @Override
    public void close() {
        shutdown(config.server().drainTimeout());
    }

    /**
     * Stops accepting, waits up to {@code drainTimeout} for in-flight requests (streams too), then
     * closes everything. Blocks the calling thread; call it from outside the event loops.
     */
    public synchronized void shutdown(Duration drainTimeout) {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        try {
            lifecycle.startDrain().get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "drain timeout after {} ms: closing {} in-flight requests",
                    drainTimeout.toMillis(),
                    lifecycle.inFlight());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("drain failed", e);
        }
        lifecycle.closeAll();
        if (scaleToZero != null) {
            scaleToZero.close();
        }
        upstreams.close();
        if (semantic != null) {
            semantic.close();
        }
        flushLedger();
        cache.close();
        estimator.close();
        metrics.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("evalgate stopped");
    }

    /** Writes the spend gathered since the last flush before Redis closes; waits up to 2 s. */
    private void flushLedger() {
        try {
            metering.flush().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("spend ledger: the last records could not be written at shutdown: {}", e);
        }
    }

    /** A limiter per provider with {@code max_concurrency}, its load exported as gauges. */
    static Map<String, ConcurrencyLimiter> limiters(GatewayConfig config, GatewayMetrics metrics) {
        Map<String, ConcurrencyLimiter> limiters = new java.util.HashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            if (p.maxConcurrency() > 0) {
                ConcurrencyLimiter l = ConcurrencyLimiter.of(p.maxConcurrency(), p.maxQueue());
                limiters.put(p.name(), l);
                metrics.providerGauges(p.name(), l::inFlight, l::queued);
            }
        }
        return Map.copyOf(limiters);
    }

    /** {@code GET /v1/models}: OpenAI's list shape, concrete model names then aliases. */
    static byte[] modelsBody(GatewayConfig config) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ProviderConfig p : config.providers().values()) {
            for (String m : p.models()) {
                if (!ModelPattern.isGlob(m)) {
                    data.addObject()
                            .put("id", m)
                            .put("object", "model")
                            .put("created", 0)
                            .put("owned_by", p.name());
                }
            }
        }
        for (RouteConfig route : config.routes()) {
            for (String m : route.match().models()) {
                if (!ModelPattern.isGlob(m)) {
                    data.addObject()
                            .put("id", m)
                            .put("object", "model")
                            .put("created", 0)
                            .put("owned_by", route.target().provider())
                            .put("route", route.name());
                }
            }
        }
        for (Map.Entry<String, AliasConfig> a : config.aliases().entrySet()) {
            data.addObject()
                    .put("id", a.getKey())
                    .put("object", "model")
                    .put("created", 0)
                    .put("owned_by", a.getValue().provider())
                    .put("alias_of", a.getValue().model());
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
