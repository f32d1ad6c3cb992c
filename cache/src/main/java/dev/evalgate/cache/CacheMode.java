package dev.evalgate.cache;

/**
 * How a request uses the cache, chosen per request ({@code X-Eval-Cache-Mode} or {@code
 * Cache-Control}), per pipeline or by default in config.
 */
public enum CacheMode {
    /** Read, and store what misses: the default. */
    RECORD("record", true, true),
    /** Read only: a PR pipeline can use main's recordings without writing its own. */
    REPLAY("replay", true, false),
    /** Read only, and a miss is an error that says why, instead of an upstream call. */
    REPLAY_STRICT("replay-strict", true, false),
    /** Skip the lookup, call upstream, store the fresh answer. */
    REFRESH("refresh", false, true),
    /** Neither read nor write. */
    OFF("off", false, false);

    private final String configName;
    private final boolean reads;
    private final boolean writes;

    CacheMode(String configName, boolean reads, boolean writes) {
        this.configName = configName;
        this.reads = reads;
        this.writes = writes;
    }

    /** The name used in config and headers. */
    public String configName() {
        return configName;
    }

    /** True when a stored answer may be served. */
    public boolean reads() {
        return reads;
    }

    /** True when a fresh answer is stored. */
    public boolean writes() {
        return writes;
    }

    /** The mode with that name (case-insensitive), or null. */
    public static CacheMode fromName(String name) {
        if (name == null) {
            return null;
        }
        for (CacheMode m : values()) {
            if (m.configName.equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        return null;
    }

    /** All names, for messages. */
    public static String names() {
        return "record, replay, replay-strict, refresh, off";
    }
}
