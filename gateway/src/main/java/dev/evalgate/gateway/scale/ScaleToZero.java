package dev.evalgate.gateway.scale;

import dev.evalgate.gateway.metrics.GatewayMetrics;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's scale-to-zero providers: one {@link ProviderPower} each, their meters, and one
 * daemon thread that ticks them all.
 */
public final class ScaleToZero implements AutoCloseable {

    /** The longest pause between two ticks. */
    public static final Duration MAX_TICK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ScaleToZero.class);

    private final Map<String, ProviderPower> powers;
    private final List<ScaleAction> actions;
    private final ScheduledExecutorService ticker;

    private ScaleToZero(
            Map<String, ProviderPower> powers,
            List<ScaleAction> actions,
            ScheduledExecutorService ticker) {
        this.powers = powers;
        this.actions = actions;
        this.ticker = ticker;
    }

    /**
     * Starts scale to zero for the providers in {@code configs} (provider name to its section),
     * ticking every {@code tickEvery} or, when null, every {@link #MAX_TICK} or the shortest health
     * interval if that is shorter. Returns null when {@code configs} is empty.
     *
     * @param healthHeaders headers each provider's health probes carry (its credentials, when the
     *     health URL is on its own host), by provider name; none when absent
     */
    public static ScaleToZero start(
            Map<String, ScaleToZeroConfig> configs,
            Map<String, Map<String, String>> healthHeaders,
            Clock clock,
            Duration tickEvery,
            GatewayMetrics metrics) {
        if (configs.isEmpty()) {
            return null;
        }
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        Map<String, ProviderPower> powers = new LinkedHashMap<>();
        List<ScaleAction> actions = new ArrayList<>();
        Duration tick = tickEvery != null ? tickEvery : MAX_TICK;
        for (Map.Entry<String, ScaleToZeroConfig> e : configs.entrySet()) {
            ScaleToZeroConfig c = e.getValue();
            ScaleAction down = ScaleActions.create(c.scaleDown(), http);
            ScaleAction up = ScaleActions.create(c.scaleUp(), http);
            actions.add(down);
            actions.add(up);
            HealthCheck health =
                    new HttpHealthCheck(
                            http,
                            c.healthUrl(),
                            probeTimeout(c),
                            healthHeaders.getOrDefault(e.getKey(), Map.of()));
            ProviderPower p = new ProviderPower(e.getKey(), c, down, up, health, clock);
            p.recordWakesWith(metrics.providerPower(e.getKey(), new PowerReadout(p)));
            powers.put(e.getKey(), p);
            if (tickEvery == null && c.healthInterval().compareTo(tick) < 0) {
                tick = c.healthInterval();
            }
            LOG.info(
                    "provider '{}': scale to zero after {} s idle{}, down via {}, up via {}",
                    e.getKey(),
                    c.idle().toSeconds(),
                    c.schedule() == null ? "" : " inside " + c.schedule(),
                    down.describe(),
                    up.describe());
        }
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "evalgate-scale-to-zero");
                            t.setDaemon(true);
                            return t;
                        });
        ScaleToZero scale =
                new ScaleToZero(
                        java.util.Collections.unmodifiableMap(powers),
                        List.copyOf(actions),
                        ticker);
        long nanos = tick.toNanos();
        ticker.scheduleWithFixedDelay(scale::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        return scale;
    }

    /** Each probe may take the interval, at least 2 s and at most 10 s. */
    static Duration probeTimeout(ScaleToZeroConfig c) {
        Duration t = c.healthInterval();
        if (t.compareTo(Duration.ofSeconds(2)) < 0) {
            return Duration.ofSeconds(2);
        }
        return t.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : t;
    }

    /** The state machine of {@code provider}, or null when it has no scale to zero. */
    public ProviderPower of(String provider) {
        return powers.get(provider);
    }

    /** Every state machine. */
    public Collection<ProviderPower> all() {
        return powers.values();
    }

    /** Ticks every provider once; one that throws does not stop the others. */
    public void tick() {
        for (ProviderPower p : powers.values()) {
            try {
                p.tick();
            } catch (RuntimeException e) {
                LOG.error("provider '{}': scale to zero tick failed", p.provider(), e);
            }
        }
    }

    /** Stops ticking and closes the actions; waiting requests are left to the drain. */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (ScaleAction a : actions) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", a.describe(), e.toString());
            }
        }
    }
}
