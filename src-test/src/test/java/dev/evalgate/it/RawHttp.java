package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response read off a raw socket, for requests java.net.http refuses to send (control characters
 * in headers, unnormalised paths, bad escapes). Reading to the end also proves the gateway closed
 * the connection.
 */
record RawHttp(int status, Map<String, String> headers, String body, String text) {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    /**
     * Sends {@code head} and {@code body} ({@link Http#raw}) and reads until the gateway closes.
     */
    static RawHttp exchange(int port, String head, String body) {
        String text = Http.readAll(Http.raw(port, head, body));
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as(text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new RawHttp(
                Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4), text);
    }

    /** The head of one response (through the blank line) and its content-length body. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as(head.toString(StandardCharsets.ISO_8859_1)).isNotEqualTo(-1);
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = CONTENT_LENGTH.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return text
                + new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8);
    }

    /** A header by its lower-case name, or null. */
    String header(String name) {
        return headers.get(name);
    }
}
