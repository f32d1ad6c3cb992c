package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GaugeMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void readsTheL1SizeAtScrapeTime() {
        AtomicLong entries = new AtomicLong(3);
        AtomicLong bytes = new AtomicLong(4096);
        metrics.cacheL1Gauges(entries::get, bytes::get);
        assertThat(metrics.scrape())
                .contains("# TYPE evalgate_cache_l1_entries gauge")
                .contains("evalgate_cache_l1_entries 3.0")
                .contains("evalgate_cache_l1_bytes 4096.0");

        entries.set(2);
        bytes.set(1024);

        assertThat(metrics.scrape())
                .contains("evalgate_cache_l1_entries 2.0")
                .contains("evalgate_cache_l1_bytes 1024.0");
    }

    @Test
    void sumsTheTasksPendingOnTheEventLoops() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            metrics.nettyGauges(group);
            assertThat(metrics.scrape()).contains("evalgate_netty_eventloop_pending_tasks 0.0");

            group.execute(
                    () -> {
                        running.countDown();
                        await(release);
                    });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            group.execute(() -> {});
            group.execute(() -> {});

            assertThat(metrics.scrape()).contains("evalgate_netty_eventloop_pending_tasks 2.0");
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void exposesTheDirectMemoryOfNettysAllocatorInBytes() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        String line;
        try {
            metrics.nettyGauges(group);
            line =
                    metrics.scrape()
                            .lines()
                            .filter(l -> l.startsWith("evalgate_netty_direct_memory_used_bytes "))
                            .findFirst()
                            .orElseThrow();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }

        assertThat(Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .isGreaterThanOrEqualTo(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
