package dev.evalgate.cache.key;

import java.io.IOException;
import java.io.InputStream;

/** Runs a {@link Utf8Validator} over every byte Jackson reads from the request stream. */
final class ValidatingInputStream extends InputStream {
    /** Carries a rule violation through Jackson, which only lets {@link IOException}s through. */
    static final class InvalidInput extends IOException {
        final transient InvalidJsonException reason;

        InvalidInput(InvalidJsonException reason) {
            super(reason.getMessage(), null);
            this.reason = reason;
        }
    }

    private final InputStream in;
    private final Utf8Validator utf8 = new Utf8Validator();

    ValidatingInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        try {
            if (n > 0) {
                utf8.update(b, off, n);
            } else if (n < 0) {
                utf8.finish();
            }
        } catch (InvalidJsonException e) {
            throw new InvalidInput(e);
        }
        return n;
    }
}
