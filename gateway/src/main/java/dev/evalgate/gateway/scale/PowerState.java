package dev.evalgate.gateway.scale;

/** Where a provider's model server is in its scale-to-zero cycle. */
public enum PowerState {
    /** Serving: requests go straight through. */
    UP(0, "up"),
    /** The scale-down action runs; a request now waits and wakes the server after it. */
    SCALING_DOWN(1, "scaling-down"),
    /** Scaled to zero; the next request wakes it. */
    DOWN(2, "down"),
    /** The scale-up action ran or runs and the health URL is polled; requests wait. */
    WAKING(3, "waking");

    private final int gaugeValue;
    private final String label;

    PowerState(int gaugeValue, String label) {
        this.gaugeValue = gaugeValue;
        this.label = label;
    }

    /** The documented gauge value: 0 up, 1 scaling down, 2 down, 3 waking. */
    public int gaugeValue() {
        return gaugeValue;
    }

    /** The lower-case name in the admin API and logs. */
    public String label() {
        return label;
    }
}
