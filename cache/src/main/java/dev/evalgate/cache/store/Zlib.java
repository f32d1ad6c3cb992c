package dev.evalgate.cache.store;

import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One zlib deflater and one inflater per thread, reset before each use. Creating a stream allocates
 * its native state (a deflater's is hundreds of KiB), which costs more than compressing a typical
 * answer or request; the event loops and workers that compress are few and long-lived. The JDK
 * frees a thread's streams through their cleaners once the thread is gone.
 *
 * <p>Deflating is at {@link Deflater#BEST_SPEED}: it runs on event loops, and level 1 is several
 * times faster than the default for about a fifth more bytes. Any level inflates the same way.
 */
public final class Zlib {

    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private Zlib() {}

    /** This thread's deflater, reset: use it before this thread asks for it again. */
    public static Deflater deflater() {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        return deflater;
    }

    /** This thread's inflater, reset: use it before this thread asks for it again. */
    public static Inflater inflater() {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        return inflater;
    }
}
