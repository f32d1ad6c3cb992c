package dev.evalgate.gateway.config;

import java.util.List;

/**
 * A configuration that cannot be used: unreadable, not YAML, or with invalid values. Carries every
 * problem found, not only the first, so one run shows the operator all that needs fixing. The
 * message never contains a secret.
 */
public final class ConfigException extends Exception {

    private final String source;
    private final List<String> problems;

    ConfigException(String source, List<String> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code path: value (expected: …)} or {@code path: reason}. */
    public List<String> problems() {
        return problems;
    }

    /** The file name or resource the configuration came from. */
    public String source() {
        return source;
    }

    private static String format(String source, List<String> problems) {
        if (problems.size() == 1) {
            return "config error in " + source + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("config error in ").append(source);
        sb.append(" (").append(problems.size()).append(" problems):");
        for (String problem : problems) {
            sb.append("\n  ").append(problem);
        }
        return sb.toString();
    }
}
