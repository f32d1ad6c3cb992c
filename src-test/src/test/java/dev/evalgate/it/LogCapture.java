package dev.evalgate.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged in this JVM while open, at DEBUG and above: logger, level, formatted message,
 * arguments, MDC and throwable. The root logger is set to DEBUG and its console appender detached
 * meanwhile (so the debug lines do not flood the test output); closing restores both.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
    private final Level rootLevel = root.getLevel();
    private final Level nettyLevel = netty.getLevel();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender =
            new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent e) {
                    StringBuilder b = new StringBuilder();
                    b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ");
                    b.append(e.getFormattedMessage());
                    if (e.getArgumentArray() != null) {
                        for (Object arg : e.getArgumentArray()) {
                            b.append(" | arg: ").append(arg);
                        }
                    }
                    if (!e.getMDCPropertyMap().isEmpty()) {
                        b.append(" | mdc: ").append(e.getMDCPropertyMap());
                    }
                    if (e.getThrowableProxy() != null) {
                        b.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
                    }
                    synchronized (lines) {
                        lines.add(b.toString());
                    }
                }
            };

    /** Starts capturing. */
    LogCapture() {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        appender.setContext(root.getLoggerContext());
        appender.setName("secrets-capture");
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        netty.setLevel(Level.DEBUG);
    }

    /** The lines captured so far, one per event (a throwable's trace is part of its line). */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        root.setLevel(rootLevel);
        netty.setLevel(nettyLevel);
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
    }
}
