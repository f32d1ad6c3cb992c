package dev.evalgate.pricing.ledger;

import java.util.Objects;

/**
 * One call's spend, as the gateway records it after the answer is complete.
 *
 * <p>Served and billed tokens are separate figures: a cache hit serves the tokens of the answer it
 * replays and bills none, so a roll-up of billed tokens never counts a token twice. {@code
 * savedMicros} is what a hit (or coalesced call) would have cost at the current catalog's prices;
 * zero for a billed call.
 *
 * @param runId the pipeline run, or empty when the call belongs to none
 * @param pipeline the pipeline, or empty
 * @param tenant the tenant (gateway key name), or empty
 * @param traffic whose spend it is
 * @param route the route that chose the upstream (an alias or a check type), or empty
 * @param tier the route tier ({@code proxy}, {@code frontier}…), or empty
 * @param provider the catalog provider the call was priced as
 * @param model the upstream model id as sent
 * @param servedTokens tokens of the answer served (prompt and output)
 * @param billedTokens tokens the provider billed for this call
 * @param costMicros what the call cost, in micro-dollars
 * @param savedMicros what the cache saved, in micro-dollars
 * @param cache how the call was answered
 * @param estimated whether usage was counted by a tokenizer rather than reported
 * @param unknownModel whether the model had no catalog price (and so was priced at zero)
 * @param catalogVersion the version of the catalog the call was priced with
 * @param atMillis when the call completed, epoch milliseconds
 */
public record LedgerEntry(
        String runId,
        String pipeline,
        String tenant,
        TrafficKind traffic,
        String route,
        String tier,
        String provider,
        String model,
        long servedTokens,
        long billedTokens,
        long costMicros,
        long savedMicros,
        CacheOutcome cache,
        boolean estimated,
        boolean unknownModel,
        String catalogVersion,
        long atMillis) {

    /** Rejects missing parts and negative figures. */
    public LedgerEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(catalogVersion, "catalogVersion");
        requireNonNegative("servedTokens", servedTokens);
        requireNonNegative("billedTokens", billedTokens);
        requireNonNegative("costMicros", costMicros);
        requireNonNegative("savedMicros", savedMicros);
        requireNonNegative("atMillis", atMillis);
    }

    /** A builder with empty strings, {@code eval} traffic, a miss and zero figures. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    /** Builds a {@link LedgerEntry}. */
    public static final class Builder {
        private String runId = "";
        private String pipeline = "";
        private String tenant = "";
        private TrafficKind traffic = TrafficKind.EVAL;
        private String route = "";
        private String tier = "";
        private String provider = "";
        private String model = "";
        private long servedTokens;
        private long billedTokens;
        private long costMicros;
        private long savedMicros;
        private CacheOutcome cache = CacheOutcome.MISS;
        private boolean estimated;
        private boolean unknownModel;
        private String catalogVersion = "";
        private long atMillis;

        private Builder() {}

        /** The run, or empty. */
        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /** The pipeline, or empty. */
        public Builder pipeline(String pipeline) {
            this.pipeline = pipeline;
            return this;
        }

        /** The tenant, or empty. */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** Whose spend it is. */
        public Builder traffic(TrafficKind traffic) {
            this.traffic = traffic;
            return this;
        }

        /** The route, or empty. */
        public Builder route(String route) {
            this.route = route;
            return this;
        }

        /** The tier, or empty. */
        public Builder tier(String tier) {
            this.tier = tier;
            return this;
        }

        /** The catalog provider and the upstream model. */
        public Builder model(String provider, String model) {
            this.provider = provider;
            this.model = model;
            return this;
        }

        /** Tokens served and tokens billed. */
        public Builder tokens(long served, long billed) {
            this.servedTokens = served;
            this.billedTokens = billed;
            return this;
        }

        /** Cost and savings, in micro-dollars. */
        public Builder micros(long cost, long saved) {
            this.costMicros = cost;
            this.savedMicros = saved;
            return this;
        }

        /** How the call was answered. */
        public Builder cache(CacheOutcome cache) {
            this.cache = cache;
            return this;
        }

        /** Whether usage was estimated. */
        public Builder estimated(boolean estimated) {
            this.estimated = estimated;
            return this;
        }

        /** Whether the model had no catalog price. */
        public Builder unknownModel(boolean unknownModel) {
            this.unknownModel = unknownModel;
            return this;
        }

        /** The catalog version the call was priced with. */
        public Builder catalogVersion(String catalogVersion) {
            this.catalogVersion = catalogVersion;
            return this;
        }

        /** When the call completed, epoch milliseconds. */
        public Builder atMillis(long atMillis) {
            this.atMillis = atMillis;
            return this;
        }

        /** The entry; rejects missing parts and negative figures. */
        public LedgerEntry build() {
            return new LedgerEntry(
                    runId,
                    pipeline,
                    tenant,
                    traffic,
                    route,
                    tier,
                    provider,
                    model,
                    servedTokens,
                    billedTokens,
                    costMicros,
                    savedMicros,
                    cache,
                    estimated,
                    unknownModel,
                    catalogVersion,
                    atMillis);
        }
    }
}
