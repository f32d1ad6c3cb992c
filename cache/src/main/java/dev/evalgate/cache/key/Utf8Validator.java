package dev.evalgate.cache.key;

/**
 * Incremental strict UTF-8 check (RFC 3629: no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF) that also rejects what JSON never allows unescaped: control bytes other than tab, line
 * feed and carriage return, and a leading byte order mark.
 *
 * <p>Running this before Jackson pins the input encoding to UTF-8: Jackson would otherwise guess
 * UTF-16/32 from zero bytes, and it accepts some ill-formed sequences.
 */
final class Utf8Validator {
    private static final int BOM = 0xEFBBBF;

    private long offset;
    private int pending;
    private int lower = 0x80;
    private int upper = 0xBF;
    private int head;

    /** Checks the next {@code length} bytes of the input. */
    void update(byte[] bytes, int from, int length) throws InvalidJsonException {
        for (int i = from, end = from + length; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (pending == 0) {
                start(b);
            } else if (b < lower || b > upper) {
                throw invalid();
            } else {
                lower = 0x80;
                upper = 0xBF;
                pending--;
            }
            if (offset < 3) {
                head = head << 8 | b;
                if (offset == 2 && head == BOM) {
                    throw new InvalidJsonException("body starts with a byte order mark");
                }
            }
            offset++;
        }
    }

    /** Checks that the input did not stop inside a multi-byte sequence. */
    void finish() throws InvalidJsonException {
        if (pending != 0) {
            throw invalid();
        }
    }

    private void start(int b) throws InvalidJsonException {
        if (b < 0x80) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                throw new InvalidJsonException("unescaped control character at byte " + offset);
            }
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF);
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F);
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF);
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F);
        } else {
            throw invalid();
        }
    }

    private void expect(int continuations, int firstLower, int firstUpper) {
        pending = continuations;
        lower = firstLower;
        upper = firstUpper;
    }

    private InvalidJsonException invalid() {
        return new InvalidJsonException("invalid UTF-8 at byte " + offset);
    }
}
