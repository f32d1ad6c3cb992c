package dev.evalgate.gateway.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules behind {@link AnswerComparator}. */
final class Comparators {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern EDGE_PUNCTUATION =
            Pattern.compile("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$");
    private static final Pattern FIRST_WORD = Pattern.compile("[\\p{L}\\p{N}_-]+");

    private Comparators() {}

    static JsonNode json(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean jsonEqual(String a, String b) {
        JsonNode x = json(a);
        JsonNode y = json(b);
        return x != null && x.equals(y);
    }

    /** Lowercase, whitespace runs as one space, punctuation and space at the ends removed. */
    static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return EDGE_PUNCTUATION.matcher(SPACE.matcher(lower).replaceAll(" ")).replaceAll("");
    }

    static AnswerComparator verdict(String regex) {
        Pattern p = regex == null ? FIRST_WORD : Pattern.compile(regex);
        return (a, b) -> {
            String x = label(p, a);
            String y = label(p, b);
            return x != null && x.equalsIgnoreCase(y);
        };
    }

    /** The first capture group of the first match, else the whole match; null: none. */
    static String label(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        String g = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        return g.strip();
    }
}
