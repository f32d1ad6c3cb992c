package dev.evalgate.gateway.server;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids the gateway gives its own answers: {@code eg-} and 16 random hex digits. */
final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {}

    static String next() {
        long v = ThreadLocalRandom.current().nextLong();
        char[] out = new char[19];
        out[0] = 'e';
        out[1] = 'g';
        out[2] = '-';
        for (int i = 18; i >= 3; i--) {
            out[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(out);
    }
}
