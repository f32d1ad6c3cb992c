package dev.evalgate.cache.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compact binary envelope a {@link CachedAnswer} is stored in.
 *
 * <pre>
 * "EGA" (3 bytes)  version (1 byte)  flags (1 byte, bit 0 = body deflated)
 * status (u16)  storedAtMillis (i64)
 * header count (i32)  { name length (i32) name (UTF-8)  value length (i32) value (UTF-8) } *
 * plain body:    body length (i32)  body
 * deflated body: inflated length (i32)  deflated length (i32)  zlib stream
 * </pre>
 *
 * <p>Bodies above a threshold are deflated when that makes the envelope smaller. {@link #decode}
 * trusts nothing: every length is checked against the bytes actually present, trailing bytes are
 * rejected, header text must be valid UTF-8, and a deflated body is only inflated when its declared
 * size is at most {@value #MAX_INFLATED_BYTES} bytes and no more than deflate's best ratio allows
 * for the compressed bytes present. Header text is encoded with {@link String#getBytes}, so an
 * unpaired surrogate is stored as {@code '?'}.
 */
public final class AnswerCodec {

    /** Bodies longer than this are deflated by {@link #encode(CachedAnswer)}. */
    public static final int DEFAULT_COMPRESS_ABOVE_BYTES = 1024;

    /** The largest body {@link #decode} inflates. */
    public static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;

    static final byte VERSION = 1;
    private static final byte[] MAGIC = {'E', 'G', 'A'};
    private static final int FLAG_DEFLATED = 1;
    // zlib's documented upper bound on the deflate compression ratio, plus room for tiny streams.
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final long RATIO_SLACK_BYTES = 1024;
    private static final int FIXED_BYTES = MAGIC.length + 1 + 1 + 2 + 8 + 4;

    private AnswerCodec() {}

    /** Encodes an answer, deflating a body above {@value #DEFAULT_COMPRESS_ABOVE_BYTES} bytes. */
    public static byte[] encode(CachedAnswer answer) {
        return encode(answer, DEFAULT_COMPRESS_ABOVE_BYTES);
    }

    /**
     * Encodes an answer, deflating a body longer than {@code compressAboveBytes} when that saves
     * bytes.
     */
    public static byte[] encode(CachedAnswer answer, int compressAboveBytes) {
        if (compressAboveBytes < 0) {
            throw new IllegalArgumentException(
                    "compressAboveBytes: " + compressAboveBytes + " (expected: >= 0)");
        }
        byte[][] headerBytes = headerBytes(answer);
        byte[] body = answer.body();
        byte[] deflated = body.length > compressAboveBytes ? deflate(body) : null;
        long size = FIXED_BYTES + length(headerBytes);
        size += deflated == null ? 4L + body.length : 8L + deflated.length;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("answer too large to encode: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).put(VERSION).put((byte) (deflated == null ? 0 : FLAG_DEFLATED));
        out.putShort((short) answer.status()).putLong(answer.storedAtMillis());
        out.putInt(headerBytes.length / 2);
        for (byte[] text : headerBytes) {
            out.putInt(text.length).put(text);
        }
        if (deflated == null) {
            out.putInt(body.length).put(body);
        } else {
            out.putInt(body.length).putInt(deflated.length).put(deflated);
        }
        return out.array();
    }

    /**
     * The size of the envelope with the body stored plain: about what the answer occupies on the
     * heap, used to weigh in-process caches.
     */
    public static int sizeOf(CachedAnswer answer) {
        long size = FIXED_BYTES + length(headerBytes(answer)) + 4L + answer.body().length;
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /**
     * Decodes an envelope written by {@link #encode}.
     *
     * @throws CorruptEntryException if the bytes are not exactly one valid envelope
     */
    public static CachedAnswer decode(byte[] bytes) throws CorruptEntryException {
        Reader in = new Reader(bytes);
        if (!Arrays.equals(in.bytes(MAGIC.length), MAGIC)) {
            throw new CorruptEntryException("not an answer envelope (bad magic)");
        }
        int version = in.u8();
        if (version != VERSION) {
            throw new CorruptEntryException("unknown envelope version " + version);
        }
        int flags = in.u8();
        if ((flags & ~FLAG_DEFLATED) != 0) {
            throw new CorruptEntryException("unknown flags " + flags);
        }
        int status = in.u16();
        if (status < 100 || status > 999) {
            throw new CorruptEntryException("status out of range: " + status);
        }
        long storedAtMillis = in.i64();
        int count = in.length();
        if (count > in.remaining() / 8) {
            throw new CorruptEntryException("header count " + count + " exceeds the entry");
        }
        List<StoredHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.utf8();
            String value = in.utf8();
            if (name.isEmpty()) {
                throw new CorruptEntryException("empty header name");
            }
            headers.add(new StoredHeader(name, value));
        }
        byte[] body;
        if ((flags & FLAG_DEFLATED) == 0) {
            body = in.bytes(in.length());
        } else {
            int inflatedLength = in.length();
            int deflatedLength = in.length();
            body = inflate(bytes, in.take(deflatedLength), deflatedLength, inflatedLength);
        }
        if (in.remaining() != 0) {
            throw new CorruptEntryException(in.remaining() + " trailing bytes after the body");
        }
        return new CachedAnswer(status, headers, body, storedAtMillis);
    }

    private static byte[][] headerBytes(CachedAnswer answer) {
        List<StoredHeader> headers = answer.headers();
        byte[][] texts = new byte[headers.size() * 2][];
        for (int i = 0; i < headers.size(); i++) {
            texts[2 * i] = headers.get(i).name().getBytes(StandardCharsets.UTF_8);
            texts[2 * i + 1] = headers.get(i).value().getBytes(StandardCharsets.UTF_8);
        }
        return texts;
    }

    private static long length(byte[][] texts) {
        long length = 0;
        for (byte[] text : texts) {
            length += 4L + text.length;
        }
        return length;
    }

    /** Returns the zlib stream, or null when it would not be shorter than the body. */
    private static byte[] deflate(byte[] body) {
        if (body.length <= 4) {
            return null;
        }
        Deflater deflater = Zlib.deflater();
        deflater.setInput(body);
        deflater.finish();
        // The deflated form carries an extra length field; it must still come out smaller.
        byte[] out = new byte[body.length - 4];
        int written = 0;
        while (!deflater.finished() && written < out.length) {
            written += deflater.deflate(out, written, out.length - written);
        }
        return deflater.finished() ? Arrays.copyOf(out, written) : null;
    }

    private static byte[] inflate(byte[] src, int offset, int deflatedLength, int inflatedLength)
            throws CorruptEntryException {
        if (inflatedLength > MAX_INFLATED_BYTES) {
            throw new CorruptEntryException("declared body of " + inflatedLength + " bytes");
        }
        if (inflatedLength > deflatedLength * MAX_DEFLATE_RATIO + RATIO_SLACK_BYTES) {
            throw new CorruptEntryException(
                    inflatedLength + " bytes cannot inflate from " + deflatedLength);
        }
        Inflater inflater = Zlib.inflater();
        try {
            inflater.setInput(src, offset, deflatedLength);
            byte[] out = new byte[inflatedLength];
            int written = 0;
            while (written < inflatedLength && !inflater.finished()) {
                int n = inflater.inflate(out, written, inflatedLength - written);
                if (n == 0 && !inflater.finished()) {
                    throw new CorruptEntryException("deflated body is truncated");
                }
                written += n;
            }
            if (!inflater.finished()
                    && (inflater.inflate(new byte[1]) > 0 || !inflater.finished())) {
                throw new CorruptEntryException("body inflates past its declared length");
            }
            if (written != inflatedLength || inflater.getRemaining() != 0) {
                throw new CorruptEntryException("deflated body does not match its lengths");
            }
            return out;
        } catch (DataFormatException e) {
            throw new CorruptEntryException("deflated body is invalid", e);
        }
    }

    /** Bounds-checked reads over the entry; every shortfall is a {@link CorruptEntryException}. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        /** Skips {@code n} bytes and returns where they start. */
        int take(int n) throws CorruptEntryException {
            if (n < 0 || n > remaining()) {
                throw new CorruptEntryException(
                        "truncated: need " + n + " bytes at " + position + ", have " + remaining());
            }
            int start = position;
            position += n;
            return start;
        }

        byte[] bytes(int n) throws CorruptEntryException {
            int start = take(n);
            return Arrays.copyOfRange(bytes, start, start + n);
        }

        int u8() throws CorruptEntryException {
            return bytes[take(1)] & 0xff;
        }

        int u16() throws CorruptEntryException {
            return ByteBuffer.wrap(bytes, take(2), 2).getShort() & 0xffff;
        }

        long i64() throws CorruptEntryException {
            return ByteBuffer.wrap(bytes, take(8), 8).getLong();
        }

        int length() throws CorruptEntryException {
            int length = ByteBuffer.wrap(bytes, take(4), 4).getInt();
            if (length < 0) {
                throw new CorruptEntryException("negative length " + length);
            }
            return length;
        }

        String utf8() throws CorruptEntryException {
            int length = length();
            int start = take(length);
            if (isAscii(start, length)) {
                // Header text nearly always is: no decoder, no intermediate buffer.
                return new String(bytes, start, length, StandardCharsets.US_ASCII);
            }
            CharsetDecoder decoder =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer text = decoder.decode(ByteBuffer.wrap(bytes, start, length));
                return text.toString();
            } catch (CharacterCodingException e) {
                throw new CorruptEntryException("header text is not UTF-8", e);
            }
        }

        private boolean isAscii(int start, int length) {
            for (int i = start, end = start + length; i < end; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
