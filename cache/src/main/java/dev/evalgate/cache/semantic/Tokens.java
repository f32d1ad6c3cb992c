package dev.evalgate.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a text into lower-case word tokens for {@link TextGuard}: contractions expanded ({@code
 * don't} → {@code do not}), possessives dropped, numbers kept whole ({@code 1,000.5}), and the
 * words that are written as names remembered.
 */
final class Tokens {

    private Tokens() {}

    static TextGuard.Terms of(String raw) {
        String text = unifyQuotes(raw);
        List<String> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> quoted = quoted(text);
        boolean sentenceStart = true;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '\n') {
                    sentenceStart = true;
                } else if (c == '%') {
                    tokens.add("percent");
                } else if (c == '$') {
                    tokens.add("dollar");
                } else if (c == '€') {
                    tokens.add("euro");
                }
                i++;
                continue;
            }
            int end = wordEnd(text, i);
            String word = text.substring(i, end);
            if ((word.equals("c") || word.equals("C")) && end < n) {
                if (text.startsWith("++", end)) {
                    word = "c++";
                    end += 2;
                } else if (text.charAt(end) == '#') {
                    word = "c#";
                    end += 1;
                }
            }
            if (isName(word, sentenceStart)) {
                names.add(TextGuard.lower(stripApostrophe(word)));
            }
            add(tokens, TextGuard.lower(word));
            sentenceStart = false;
            i = end;
        }
        return new TextGuard.Terms(List.copyOf(tokens), Set.copyOf(names), quoted);
    }

    /** Where the word starting at {@code i} ends: letters, digits, inner {@code ' _ . ,}. */
    private static int wordEnd(String text, int i) {
        int n = text.length();
        int j = i + 1;
        while (j < n) {
            char c = text.charAt(j);
            if (Character.isLetterOrDigit(c) || c == '_') {
                j++;
            } else if ((c == '\'' || c == '.' || c == ',')
                    && j + 1 < n
                    && Character.isLetterOrDigit(text.charAt(j + 1))
                    && (c != ',' || bothDigits(text, j))
                    && (c != '.' || bothDigits(text, j) || isLetterRun(text, j))) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private static boolean bothDigits(String text, int j) {
        return Character.isDigit(text.charAt(j - 1)) && Character.isDigit(text.charAt(j + 1));
    }

    /** A dot inside a name such as {@code orders.csv} or {@code os.path}, not between sentences. */
    private static boolean isLetterRun(String text, int j) {
        return Character.isLowerCase(text.charAt(j + 1)) && Character.isLetter(text.charAt(j - 1));
    }

    /** Adds a lower-case word, with contractions expanded and possessives dropped. */
    private static void add(List<String> tokens, String word) {
        if (word.endsWith("n't")) {
            String base = word.substring(0, word.length() - 3);
            tokens.add(
                    switch (base) {
                        case "ca" -> "can";
                        case "wo" -> "will";
                        case "sha" -> "shall";
                        default -> base;
                    });
            tokens.add("not");
            return;
        }
        if (word.equals("cannot")) {
            tokens.add("can");
            tokens.add("not");
            return;
        }
        tokens.add(stripApostrophe(word));
    }

    private static String stripApostrophe(String word) {
        int apostrophe = word.indexOf('\'');
        return apostrophe > 0 ? word.substring(0, apostrophe) : word;
    }

    /**
     * Whether a word is written as a name: capitalised away from a sentence start, in capitals (two
     * letters or more), in camel case, or holding digits and letters, an underscore or a dot. The
     * pronoun {@code I} is not a name.
     */
    static boolean isName(String word, boolean sentenceStart) {
        if (word.equals("I") || word.startsWith("I'")) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean innerUpper = false;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (Character.isUpperCase(c)) {
                upper = true;
                innerUpper |= k > 0;
            } else if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else if (c == '_' || c == '.') {
                return true;
            }
        }
        if (digit && (upper || lower)) {
            return true;
        }
        if (upper && !lower && word.length() >= 2) {
            return true;
        }
        if (innerUpper && lower) {
            return true;
        }
        return Character.isUpperCase(word.charAt(0)) && !sentenceStart;
    }

    static boolean isNumeric(String token) {
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (!Character.isDigit(c) && c != '.' && c != ',') {
                return false;
            }
        }
        return true;
    }

    /** The texts between double quotes or backticks, lower-cased, spaces collapsed. */
    private static List<String> quoted(String text) {
        List<String> out = new ArrayList<>();
        for (char q : new char[] {'"', '`'}) {
            int from = 0;
            while (true) {
                int open = text.indexOf(q, from);
                int close = open < 0 ? -1 : text.indexOf(q, open + 1);
                if (close < 0) {
                    break;
                }
                String inner = text.substring(open + 1, close).strip().replaceAll("\\s+", " ");
                if (!inner.isEmpty()) {
                    out.add(TextGuard.lower(inner));
                }
                from = close + 1;
            }
        }
        return List.copyOf(out);
    }

    private static String unifyQuotes(String text) {
        return text.replace('\u2019', '\'')
                .replace('\u2018', '\'')
                .replace('\u201c', '"')
                .replace('\u201d', '"');
    }
}
