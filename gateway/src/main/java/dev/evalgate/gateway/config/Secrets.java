package dev.evalgate.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configured values are secret besides {@code api_key}: header and query values whose name
 * suggests a credential ({@code x-goog-api-key}, {@code sig}, {@code token}). Their values are
 * masked in problems and in the described config.
 */
final class Secrets {

    private static final List<String> PARTS =
            List.of("key", "secret", "token", "auth", "passw", "cookie", "credential", "signature");
    private static final Set<String> NAMES = Set.of("sig", "code", "session");

    private Secrets() {}

    /** True when a header or query parameter of that name may carry a credential. */
    static boolean isSensitiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return true;
        }
        for (String part : PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
