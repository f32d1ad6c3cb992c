package dev.evalgate.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;

/**
 * Netty's figures, read at scrape time: tasks queued on the gateway's event loops (a loop that
 * falls behind shows here before latency does) and the direct memory its buffer allocator holds.
 * Reading them takes no lock and never blocks a loop.
 */
final class NettyGauges {

    private NettyGauges() {}

    /** Registers the gauges on {@code registry}, summing over the loops of {@code group}. */
    static void register(MeterRegistry registry, EventExecutorGroup group) {
        Gauge.builder(MeterNames.NETTY_PENDING_TASKS, group, NettyGauges::pendingTasks)
                .description(
                        "Tasks waiting in the gateway's event-loop queues, summed over its loops")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        MeterNames.NETTY_DIRECT_MEMORY,
                        ByteBufAllocator.DEFAULT,
                        NettyGauges::usedDirectMemory)
                .description(
                        "Direct memory held by Netty's default buffer allocator (chunks in use or"
                                + " cached for reuse); NaN when the allocator does not report it")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    /** The sum of {@link SingleThreadEventExecutor#pendingTasks()} over the group's loops. */
    static double pendingTasks(EventExecutorGroup group) {
        long sum = 0;
        for (EventExecutor e : group) {
            if (e instanceof SingleThreadEventExecutor loop) {
                sum += loop.pendingTasks();
            }
        }
        return sum;
    }

    private static double usedDirectMemory(ByteBufAllocator allocator) {
        return allocator instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory()
                : Double.NaN;
    }
}
