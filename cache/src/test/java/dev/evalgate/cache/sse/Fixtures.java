package dev.evalgate.cache.sse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the hand-written streams and answers under {@code src/test/resources/sse/}. */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/sse/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected answer, pretty-printed on disk, as the compact JSON the assembler writes. */
    static String expectedJson(String name) {
        return Json.write(Json.parseObject(bytes(name)));
    }

    static String assemble(StreamFormat format, byte[] stream) throws IncompleteStreamException {
        StreamAssembler assembler = new StreamAssembler(format);
        assembler.feed(stream, 0, stream.length);
        return new String(assembler.toCompleteJson(), StandardCharsets.UTF_8);
    }

    static StreamAssembler feedAll(StreamFormat format, String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        StreamAssembler assembler = new StreamAssembler(format);
        assembler.feed(bytes, 0, bytes.length);
        return assembler;
    }
}
