package dev.evalgate.gateway.scale;

/**
 * What a scale action is asked to do, and why; a webhook's body template may use each field as
 * {@code {{provider}}}, {@code {{direction}}}, {@code {{replicas}}}, {@code {{reason}}} and {@code
 * {{idle_seconds}}}.
 *
 * @param provider the provider's name in {@code providers:}
 * @param direction {@link Direction#UP} or {@link Direction#DOWN}
 * @param replicas the replica count asked for (0 for down)
 * @param reason {@code idle}, {@code schedule} or {@code request}
 * @param idleSeconds whole seconds since the provider's last request finished
 */
public record ScaleContext(
        String provider, Direction direction, int replicas, String reason, long idleSeconds) {

    /** Which way to scale. */
    public enum Direction {
        UP,
        DOWN;

        /** The lower-case name used in metrics and templates. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
