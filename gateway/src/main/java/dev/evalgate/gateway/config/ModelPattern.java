package dev.evalgate.gateway.config;

/** Model names in provider config: exact names, or globs where {@code *} matches any run. */
public final class ModelPattern {

    private ModelPattern() {}

    /** True when the pattern contains a {@code *}. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0;
    }

    /** True when {@code model} matches {@code pattern} ({@code *} matches any characters). */
    public static boolean matches(String pattern, String model) {
        return matches(pattern, 0, model, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (matches(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
