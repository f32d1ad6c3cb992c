package dev.evalgate.gateway.estimate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An eval suite's requests as posted for an estimate: JSON Lines (one request body per line, blank
 * lines ignored) or one JSON array of request bodies. Each request keeps its own bytes, so it is
 * keyed and counted exactly as the real call's body would be; whether it is a valid request is
 * decided later, per request.
 */
public final class Suite {

    /** Deepest nesting inside one request (the gateway's limit for a request body). */
    static final int MAX_NESTING_DEPTH = 128;

    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH + 1)
                                    .maxNumberLength(1000)
                                    .build())
                    .build();

    private Suite() {}

    /**
     * One request of a suite.
     *
     * @param line its line in JSON Lines, or its position in an array (both from 1)
     * @param body its bytes, or null when it is not a JSON object at all
     * @param problem why it is not a request, or null
     */
    public record Request(int line, byte[] body, String problem) {}

    /**
     * The requests of {@code body}: an array when its first non-blank character is {@code [}, else
     * JSON Lines.
     *
     * @param maxRequests the most requests accepted
     * @throws InvalidSuiteException if the body holds no request, more than {@code maxRequests}, or
     *     is an array that is not valid JSON
     */
    public static List<Request> parse(byte[] body, int maxRequests) throws InvalidSuiteException {
        int start = startOf(body);
        List<Request> requests =
                start < body.length && body[start] == '['
                        ? array(body, maxRequests)
                        : lines(body, start, maxRequests);
        if (requests.isEmpty()) {
            throw new InvalidSuiteException(
                    "The suite holds no request: send JSON Lines (one request body per line) or a"
                            + " JSON array of request bodies.");
        }
        return requests;
    }

    /** Past a UTF-8 byte-order mark and leading whitespace. */
    private static int startOf(byte[] body) {
        int i = 0;
        if (body.length >= 3
                && (body[0] & 0xff) == 0xef
                && (body[1] & 0xff) == 0xbb
                && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < body.length && blank(body[i])) {
            i++;
        }
        return i;
    }

    private static List<Request> lines(byte[] body, int from, int maxRequests)
            throws InvalidSuiteException {
        List<Request> requests = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < from; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        int start = from;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int a = start;
            int b = end;
            while (a < b && blank(body[a])) {
                a++;
            }
            while (b > a && blank(body[b - 1])) {
                b--;
            }
            if (a < b) {
                if (requests.size() == maxRequests) {
                    throw tooMany(maxRequests);
                }
                requests.add(new Request(line, Arrays.copyOfRange(body, a, b), null));
            }
            line++;
            start = end + 1;
        }
        return requests;
    }

    private static List<Request> array(byte[] body, int maxRequests) throws InvalidSuiteException {
        List<Request> requests = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body, 0, body.length)) {
            p.nextToken();
            JsonToken t;
            int position = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidSuiteException(
                            "The suite's JSON array is not closed (expected ']').");
                }
                if (requests.size() == maxRequests) {
                    throw tooMany(maxRequests);
                }
                position++;
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    requests.add(
                            new Request(position, null, "The request body must be a JSON object."));
                    continue;
                }
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                long end = p.currentLocation().getByteOffset();
                requests.add(
                        new Request(
                                position, Arrays.copyOfRange(body, (int) start, (int) end), null));
            }
            if (p.nextToken() != null) {
                throw new InvalidSuiteException(
                        "The suite must be one JSON array: something follows its closing ']'.");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidSuiteException(
                    "The suite is not a valid JSON array: " + describe(e) + ".");
        } catch (IOException e) {
            throw new InvalidSuiteException("The suite cannot be read: " + e.getMessage() + ".");
        }
        return requests;
    }

    private static InvalidSuiteException tooMany(int maxRequests) {
        return new InvalidSuiteException(
                "The suite holds more than " + maxRequests + " requests; estimate it in parts.");
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** The parser's message without the source excerpt (which could echo prompt text). */
    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        msg = nl >= 0 ? msg.substring(0, nl) : msg;
        if (e.getLocation() != null) {
            msg +=
                    " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr();
        }
        return msg.length() > 300 ? msg.substring(0, 300) + "…" : msg;
    }
}
