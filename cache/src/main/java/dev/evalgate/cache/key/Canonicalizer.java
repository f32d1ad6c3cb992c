package dev.evalgate.cache.key;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a JSON request body into the canonical bytes the cache key is computed from: equal for
 * requests that must get the same answer (key order, whitespace, escapes, number spelling, the
 * fields in {@link #IGNORED_TOP_LEVEL}), different for any other change. The exact rules and why
 * each one is safe are in {@code docs/cache-keys.md}.
 *
 * <p>One streaming pass builds a small tree whose objects are sorted maps and whose strings and
 * numbers are already written in canonical form; a second pass writes it. Stateless and
 * thread-safe.
 */
public final class Canonicalizer {
    /** Fields removed at the top level because they cannot change the answer. */
    public static final Set<String> IGNORED_TOP_LEVEL =
            Set.of("stream", "stream_options", "user", "metadata", "store");

    /** Deepest accepted nesting of objects and arrays; the body object itself is level 1. */
    static final int MAX_DEPTH = 128;

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_DEPTH)
                                    .maxNumberLength(CanonicalNumbers.MAX_LENGTH)
                                    .build())
                    .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                    .build();

    private Canonicalizer() {}

    /**
     * Returns the canonical UTF-8 bytes of the JSON object in {@code json[offset, offset+length)}.
     *
     * @throws InvalidJsonException if the range is not exactly one JSON object in well-formed
     *     UTF-8, has duplicate keys in any object, nests deeper than 128, or holds a number longer
     *     than 1000 characters or with a decimal exponent beyond ±10000
     */
    public static byte[] canonicalize(byte[] json, int offset, int length)
            throws InvalidJsonException {
        Objects.checkFromIndexSize(offset, length, json.length);
        Utf8Validator utf8 = new Utf8Validator();
        utf8.update(json, offset, length);
        utf8.finish();
        try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
            CanonicalWriter scalars = new CanonicalWriter(length);
            return CanonicalWriter.write(readBody(parser, scalars), scalars);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * Reads {@code json} to its end and returns its canonical UTF-8 bytes under the same rules as
     * {@link #canonicalize(byte[], int, int)}. The stream is not closed; the caller bounds its
     * size.
     *
     * @throws InvalidJsonException if the content breaks a rule
     * @throws UncheckedIOException if reading the stream itself fails
     */
    public static byte[] canonicalize(InputStream json) throws InvalidJsonException {
        ValidatingInputStream in = new ValidatingInputStream(Objects.requireNonNull(json));
        try (JsonParser parser = FACTORY.createParser(in)) {
            CanonicalWriter scalars = new CanonicalWriter(1024);
            return CanonicalWriter.write(readBody(parser, scalars), scalars);
        } catch (ValidatingInputStream.InvalidInput e) {
            throw e.reason;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static Map<String, Object> readBody(JsonParser parser, CanonicalWriter scalars)
            throws IOException, InvalidJsonException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidJsonException("body is not a JSON object");
        }
        Map<String, Object> body = readObject(parser, 1, scalars);
        if (parser.nextToken() != null) {
            throw new InvalidJsonException("content after the JSON object at byte " + at(parser));
        }
        body.keySet().removeAll(IGNORED_TOP_LEVEL);
        return body;
    }

    private static Map<String, Object> readObject(
            JsonParser parser, int depth, CanonicalWriter scalars)
            throws IOException, InvalidJsonException {
        checkDepth(parser, depth);
        Map<String, Object> object = new TreeMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                throw new InvalidJsonException("malformed object at byte " + at(parser));
            }
            String name = parser.currentName();
            // Checked before the value is read, so the key's position is only asked for (an
            // allocation per call) when there is an error to report.
            if (object.containsKey(name)) {
                throw new InvalidJsonException("duplicate key at byte " + at(parser));
            }
            object.put(name, readValue(parser, parser.nextToken(), depth, scalars));
        }
        return object;
    }

    private static List<Object> readArray(JsonParser parser, int depth, CanonicalWriter scalars)
            throws IOException, InvalidJsonException {
        checkDepth(parser, depth);
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            array.add(readValue(parser, t, depth, scalars));
        }
        return array;
    }

    /**
     * Reads one value; a string or number goes into {@code scalars} in canonical form at once
     * (strings straight from the parser's characters, never as a {@link String}).
     */
    private static Object readValue(
            JsonParser parser, JsonToken token, int depth, CanonicalWriter scalars)
            throws IOException, InvalidJsonException {
        if (token == null) {
            throw new InvalidJsonException("unexpected end of body");
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, depth + 1, scalars);
            case START_ARRAY -> readArray(parser, depth + 1, scalars);
            case VALUE_STRING ->
                    scalars.addString(
                            CharBuffer.wrap(
                                    parser.getTextCharacters(),
                                    parser.getTextOffset(),
                                    parser.getTextLength()));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    scalars.addNumber(CanonicalNumbers.canonical(parser.getText(), at(parser)));
            case VALUE_TRUE -> CanonicalWriter.Literal.TRUE;
            case VALUE_FALSE -> CanonicalWriter.Literal.FALSE;
            case VALUE_NULL -> CanonicalWriter.Literal.NULL;
            default -> throw new InvalidJsonException("unexpected token at byte " + at(parser));
        };
    }

    private static void checkDepth(JsonParser parser, int depth) throws InvalidJsonException {
        if (depth > MAX_DEPTH) {
            throw new InvalidJsonException(
                    "nesting deeper than " + MAX_DEPTH + " at byte " + at(parser));
        }
    }

    private static long at(JsonParser parser) {
        return parser.currentTokenLocation().getByteOffset();
    }

    /** Jackson's own messages quote the input, so only the position is kept. */
    private static InvalidJsonException malformed(IOException e) {
        long offset =
                e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                        ? jpe.getLocation().getByteOffset()
                        : -1;
        return new InvalidJsonException(
                offset >= 0 ? "malformed JSON at byte " + offset : "malformed JSON");
    }
}
