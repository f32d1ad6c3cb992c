package dev.evalgate.gateway.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until the JVM is asked to stop, then runs the given closers in order. */
final class Shutdown {

    private Shutdown() {}

    static void awaitSignal(AutoCloseable... closers) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    for (AutoCloseable c : closers) {
                                        try {
                                            c.close();
                                        } catch (Exception e) {
                                            System.err.println("error while stopping: " + e);
                                        }
                                    }
                                    stopped.countDown();
                                },
                                "evalgate-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
