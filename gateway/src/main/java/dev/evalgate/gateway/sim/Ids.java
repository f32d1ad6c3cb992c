package dev.evalgate.gateway.sim;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Random ids for what must differ per request, such as request-id headers. */
final class Ids {
    private Ids() {}

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
