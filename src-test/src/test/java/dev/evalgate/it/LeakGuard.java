package dev.evalgate.it;

import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's {@link ResourceLeakDetector} reported a leak while it ran. The
 * ITs run with {@code -Dio.netty.leakDetection.level=paranoid}; leaks are only reported when a
 * leaked buffer has been collected and a later allocation polls the detector, so {@code afterAll}
 * collects garbage and allocates before looking.
 *
 * <p>Public because JUnit loads it through {@code ServiceLoader} for every IT (extension
 * auto-detection is enabled in {@code junit-platform.properties}).
 */
public final class LeakGuard implements BeforeAllCallback, AfterAllCallback {

    private static final LeakAppender APPENDER = install();

    @Override
    public void beforeAll(ExtensionContext context) {
        // Installs the appender (class initialisation). A leak reported late, after the class
        // that caused it, still fails the class during which it was reported.
    }

    @Override
    public void afterAll(ExtensionContext context) {
        flushLeakReports();
        List<String> leaks = APPENDER.drain();
        if (!leaks.isEmpty()) {
            fail(
                    "Netty reported %d leak(s) during %s:%n%s",
                    leaks.size(),
                    context.getDisplayName(),
                    String.join(System.lineSeparator(), leaks));
        }
    }

    private static void flushLeakReports() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                pooled.release();
                ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(64);
                heap.release();
            }
        }
    }

    private static LeakAppender install() {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        LeakAppender appender = new LeakAppender();
        appender.setContext(logger.getLoggerContext());
        appender.setName("leak-guard");
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    /** Keeps the ERROR events that report a leak. */
    private static final class LeakAppender extends AppenderBase<ILoggingEvent> {
        private final List<String> leaks = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)
                    && event.getFormattedMessage().contains("LEAK")) {
                synchronized (leaks) {
                    leaks.add(event.getFormattedMessage());
                }
            }
        }

        List<String> drain() {
            synchronized (leaks) {
                List<String> copy = List.copyOf(leaks);
                leaks.clear();
                return copy;
            }
        }
    }
}
