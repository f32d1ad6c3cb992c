package dev.evalgate.cache.semantic;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether two texts may be compared by their embeddings at all. Embeddings see "do X" and
 * "do not X", "in 3 sentences" and "in 5 sentences", "English to French" and "French to English" as
 * nearly the same text (cosine 0.92 to 0.98 with MiniLM), so no threshold alone separates them from
 * paraphrases. The guard therefore demands, before any threshold, that both texts carry the same
 * critical terms in the same order:
 *
 * <ul>
 *   <li>numbers (digits and number words, {@code three} = {@code 3});
 *   <li>words of the closed classes in {@link Lexicon}: negations, quantifiers, polarity and
 *       direction words, verdicts, formats, languages, units, time references;
 *   <li>names: a word written with a capital other than at the start of a sentence, in capitals
 *       ({@code PASS}), in camel case, or with digits, underscores or dots ({@code user_id});
 *       compared without case, so a name typed in lower case in one text is still that name;
 *   <li>quoted strings, verbatim but for case and spacing.
 * </ul>
 *
 * <p>It also refuses texts that differ only by a swap of words ({@code the tenant to the landlord}
 * against {@code the landlord to the tenant}), and an added negating prefix or suffix ({@code
 * safe}/{@code unsafe}, {@code harmful}/{@code harmless}).
 *
 * <p>A refusal costs one upstream call; a wrong acceptance returns a wrong answer silently, so the
 * guard errs towards refusing. Stateless and thread-safe.
 */
public final class TextGuard {

    private static final String[] NEGATING_PREFIXES = {"un", "in", "im", "il", "ir", "dis", "non"};

    private TextGuard() {}

    /** What the guard needs of one text, computed once. */
    public record Terms(List<String> tokens, Set<String> names, List<String> quoted) {
        /**
         * The critical terms of this text in order, given the names of both texts; with {@code
         * markers}, the {@link Lexicon#ORDER_MARKERS} between them too.
         */
        List<String> critical(Set<String> allNames, boolean markers) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                String c = Lexicon.critical(t);
                if (c != null) {
                    if (!(c.equals("any") && negatedBefore(i))) {
                        out.add(c);
                    }
                } else if (isNumber(t)) {
                    out.add(canonicalNumber(t));
                } else if (allNames.contains(t)) {
                    out.add(t);
                } else if (markers && Lexicon.ORDER_MARKERS.contains(t)) {
                    out.add(t);
                }
            }
            return out;
        }

        /** {@code any} right after a negator adds nothing: "do not add any" = "add no". */
        private boolean negatedBefore(int i) {
            for (int k = Math.max(0, i - 3); k < i; k++) {
                if ("not".equals(Lexicon.critical(tokens.get(k)))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The terms of {@code text}. */
    public static Terms termsOf(String text) {
        return Tokens.of(Normalizer.normalize(text, Normalizer.Form.NFKC));
    }

    /** Whether the texts may mean the same; {@link #difference} says why not. */
    public static boolean compatible(Terms a, Terms b) {
        return difference(a, b) == null;
    }

    /** Why the texts cannot mean the same, or null when their embeddings may decide. */
    public static String difference(Terms a, Terms b) {
        if (!sortedCopy(a.quoted()).equals(sortedCopy(b.quoted()))) {
            return "quoted strings differ";
        }
        Set<String> names = new HashSet<>(a.names());
        names.addAll(b.names());
        List<String> ca = a.critical(names, false);
        List<String> cb = b.critical(names, false);
        if (!sortedCopy(ca).equals(sortedCopy(cb))) {
            return "critical terms differ: " + ca + " vs " + cb;
        }
        if (isSwap(a.critical(names, true), b.critical(names, true))
                || isSwap(a.tokens(), b.tokens())) {
            return "words swapped";
        }
        String negated = negatedWord(a.tokens(), b.tokens());
        if (negated != null) {
            return "negated word: " + negated;
        }
        return smallChange(a.tokens(), b.tokens());
    }

    /** Most content words a change may trade and still be read as a small edit. */
    static final int SMALL_CHANGE = 2;

    /**
     * A small change of content words, or null. Two texts that differ only in a word or two have
     * nearly the same embedding whatever those words are ({@code contain}/{@code lack}, {@code
     * senator}/{@code governor}), so their similarity says nothing: the edit itself decides, and
     * only filler, spelling variants and moved words pass. Texts reworded more widely are left to
     * the embedding.
     */
    static String smallChange(List<String> a, List<String> b) {
        List<String> removed = contentOnly(a, b);
        List<String> added = contentOnly(b, a);
        for (java.util.Iterator<String> r = removed.iterator(); r.hasNext(); ) {
            String word = r.next();
            for (java.util.Iterator<String> i = added.iterator(); i.hasNext(); ) {
                if (spellingVariant(word, i.next())) {
                    i.remove();
                    r.remove();
                    break;
                }
            }
        }
        int changed = Math.max(removed.size(), added.size());
        if (changed == 0 || changed > SMALL_CHANGE) {
            return null;
        }
        return "small change: " + removed + " -> " + added;
    }

    /** The words of {@code x} not in {@code y} (as multisets, folded), filler left out. */
    private static List<String> contentOnly(List<String> x, List<String> y) {
        java.util.Map<String, Integer> other = new java.util.HashMap<>();
        for (String t : y) {
            other.merge(fold(t), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (String t : x) {
            String f = fold(t);
            Integer n = other.get(f);
            if (n != null && n > 0) {
                other.put(f, n - 1);
            } else if (!Lexicon.FILLER.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String fold(String token) {
        String c = Lexicon.critical(token);
        if (c != null) {
            return c;
        }
        if (isNumber(token)) {
            return canonicalNumber(token);
        }
        String s = Lexicon.SYNONYMS.get(token);
        if (s == null) {
            for (String suffix : new String[] {"s", "es", "d", "ed", "ing"}) {
                if (token.endsWith(suffix) && token.length() > suffix.length() + 2) {
                    s = Lexicon.SYNONYMS.get(token.substring(0, token.length() - suffix.length()));
                    if (s != null) {
                        break;
                    }
                }
            }
        }
        return s != null ? s : token;
    }

    /**
     * Two spellings or inflections of one word: four letters or more, the same first three, at most
     * two edits apart ({@code summarise}/{@code summarize}, {@code leak}/{@code leaks}).
     */
    static boolean spellingVariant(String x, String y) {
        if (x.length() < 4 || y.length() < 4 || !x.regionMatches(0, y, 0, 3)) {
            return false;
        }
        if (x.length() >= 6 && y.length() >= 6 && x.regionMatches(0, y, 0, 5)) {
            return editDistanceAtMost(x, y, 4); // summary/summarize, learning/learns
        }
        return editDistanceAtMost(x, y, 2);
    }

    private static boolean editDistanceAtMost(String x, String y, int limit) {
        if (Math.abs(x.length() - y.length()) > limit) {
            return false;
        }
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int sub = prev[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()] <= limit;
    }

    /** Longest stretch {@link #isSwap} examines, in tokens; longer ones are not read as swaps. */
    static final int MAX_SWAP_SPAN = 64;

    /**
     * Whether {@code b} is {@code a} with two stretches traded around a middle that stays: {@code x
     * P y Q z} against {@code x Q y P z}, with P, Q and y not empty. Moving a clause to the other
     * end of a sentence has no middle and is not a swap.
     */
    static boolean isSwap(List<String> a, List<String> b) {
        if (a.size() != b.size() || a.equals(b)) {
            return false;
        }
        int from = 0;
        int to = a.size();
        while (a.get(from).equals(b.get(from))) {
            from++;
        }
        while (a.get(to - 1).equals(b.get(to - 1))) {
            to--;
        }
        int m = to - from;
        if (m < 3 || m > MAX_SWAP_SPAN) {
            return false;
        }
        List<String> x = a.subList(from, to);
        List<String> y = b.subList(from, to);
        for (int p = 1; p < m - 1; p++) {
            for (int q = 1; p + q < m; q++) {
                if (x.subList(0, p).equals(y.subList(m - p, m))
                        && x.subList(m - q, m).equals(y.subList(0, q))
                        && x.subList(p, m - q).equals(y.subList(q, m - p))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A word of one text that the other holds with a negating prefix ({@code un}, {@code in},
     * {@code dis}…) or with {@code -less} for {@code -ful}; null when there is none.
     */
    static String negatedWord(List<String> a, List<String> b) {
        Set<String> onlyA = new HashSet<>(a);
        onlyA.removeAll(b);
        Set<String> onlyB = new HashSet<>(b);
        onlyB.removeAll(a);
        for (String x : onlyA) {
            for (String y : onlyB) {
                if (negates(x, y) || negates(y, x) || lessFul(x, y) || lessFul(y, x)) {
                    return x + "/" + y;
                }
            }
        }
        return null;
    }

    private static boolean negates(String word, String negated) {
        for (String p : NEGATING_PREFIXES) {
            if (negated.length() > p.length() + 2
                    && negated.startsWith(p)
                    && (negated.substring(p.length()).equals(word)
                            || negated.substring(p.length()).equals("-" + word))) {
                return true;
            }
        }
        return false;
    }

    private static boolean lessFul(String x, String y) {
        return x.endsWith("less")
                && y.endsWith("ful")
                && x.length() > 6
                && x.substring(0, x.length() - 4).equals(y.substring(0, y.length() - 3));
    }

    static boolean isNumber(String token) {
        return !token.isEmpty() && Character.isDigit(token.charAt(0)) && Tokens.isNumeric(token);
    }

    /** One spelling per value: {@code 1,000} = {@code 1000}, {@code 3.50} = {@code 3.5}. */
    static String canonicalNumber(String token) {
        String digits = token.replace(",", "");
        try {
            return new BigDecimal(digits).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return digits;
        }
    }

    private static List<String> sortedCopy(List<String> list) {
        String[] copy = list.toArray(new String[0]);
        Arrays.sort(copy);
        return Arrays.asList(copy);
    }

    /** Lower-cases a word the way every comparison here does. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
