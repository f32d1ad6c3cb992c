package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigLoaderTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.cache.CacheMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code cache:} section: defaults, every field, and the exact problem each bad value reports.
 */
class CacheConfigTest {

    private static final String MODES = "one of record, replay, replay-strict, refresh, off";
    private static final String REDIS_URL = "a redis://, rediss:// or redis-sentinel:// URL";
    private static final String PASSWORD = "hunter2-redis-secret";

    @Test
    void usesDefaultsWhenSectionIsAbsent() throws Exception {
        CacheConfig cache = ConfigLoaderTest.parse(minimal("")).cache();

        assertThat(cache.enabled()).isTrue();
        assertThat(cache.namespace()).isEqualTo("default");
        assertThat(cache.mode()).isEqualTo(CacheMode.RECORD);
        assertThat(cache.ttl()).isEqualTo(Duration.ofDays(30));
        assertThat(cache.minTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cache.maxTtl()).isEqualTo(Duration.ofDays(365));
        assertThat(cache.l1MaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(cache.lookupTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(cache.redis()).isNull();
        assertThat(cache.pipelineModes()).isEmpty();
        assertThat(cache).isEqualTo(CacheConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache:\n", "cache: {}\n", "cache:\n  redis:\n  pipelines:\n"})
    void usesDefaultsWhenSectionOrSubsectionIsEmpty(String section) throws Exception {
        assertThat(cache(section)).isEqualTo(CacheConfig.defaults());
    }

    @Test
    void parsesEveryField() throws Exception {
        CacheConfig cache =
                cache(
                        """
                        cache:
                          enabled: false
                          namespace: "team-a:v2.1_x"
                          mode: replay-strict
                          ttl: 7d
                          min_ttl: 1h
                          max_ttl: 30d
                          l1_max_bytes: 64MiB
                          max_entry_bytes: 4MiB
                          lookup_timeout: 250ms
                          redis:
                            url: redis://cache.internal:6379/2
                            cluster: true
                          pipelines:
                            "pr-*": replay
                            nightly: refresh
                        """);

        Map<String, CacheMode> pipelines = new LinkedHashMap<>();
        pipelines.put("pr-*", CacheMode.REPLAY);
        pipelines.put("nightly", CacheMode.REFRESH);
        assertThat(cache)
                .isEqualTo(
                        new CacheConfig(
                                false,
                                "team-a:v2.1_x",
                                CacheMode.REPLAY_STRICT,
                                Duration.ofDays(7),
                                Duration.ofHours(1),
                                Duration.ofDays(30),
                                64L << 20,
                                4L << 20,
                                Duration.ofMillis(250),
                                new CacheConfig.RedisConfig("redis://cache.internal:6379/2", true),
                                pipelines,
                                SemanticConfig.defaults()));
    }

    @ParameterizedTest
    @CsvSource({
        "record, RECORD",
        "replay, REPLAY",
        "replay-strict, REPLAY_STRICT",
        "refresh, REFRESH",
        "'\"off\"', OFF"
    })
    void acceptsEveryMode(String written, CacheMode expected) throws Exception {
        CacheConfig cache =
                cache("cache:\n  mode: " + written + "\n  pipelines: {p: " + written + "}\n");

        assertThat(cache.mode()).isEqualTo(expected);
        assertThat(cache.pipelineModes()).containsExactly(Map.entry("p", expected));
    }

    @Test
    void rejectsUnknownMode() {
        assertThat(problems("cache: {mode: playback}\n"))
                .containsExactly("cache.mode: \"playback\" (expected: " + MODES + ")");
        assertThat(problems("cache: {mode: true}\n"))
                .containsExactly("cache.mode: true (expected: " + MODES + "; quote it)");
        assertThat(problems("cache: {mode: \"\"}\n"))
                .containsExactly("cache.mode: \"\" (expected: " + MODES + ")");
        assertThat(problems("cache: {mode: [record]}\n"))
                .containsExactly("cache.mode: a list (expected: " + MODES + ")");
    }

    @Test
    void asksToQuoteOffWhichYamlReadsAsFalse() {
        assertThat(problems("cache:\n  mode: off\n  pipelines: {nightly: off, pr-*: 1}\n"))
                .containsExactly(
                        "cache.mode: false (expected: " + MODES + "; quote it)",
                        "cache.pipelines.nightly: false (expected: " + MODES + "; quote it)",
                        "cache.pipelines.pr-*: 1 (expected: " + MODES + "; quote it)");
    }

    @Test
    void acceptsNamespaceUpTo64AllowedCharacters() throws Exception {
        String longest = "a".repeat(64);

        assertThat(cache("cache: {namespace: " + longest + "}\n").namespace()).isEqualTo(longest);
    }

    @Test
    void rejectsBadNamespace() {
        String expected = " (expected: 1..64 of A-Z a-z 0-9 _ . : -)";
        assertThat(problems("cache: {namespace: team a}\n"))
                .containsExactly("cache.namespace: \"team a\"" + expected);
        assertThat(problems("cache: {namespace: " + "a".repeat(65) + "}\n"))
                .containsExactly("cache.namespace: \"" + "a".repeat(65) + "\"" + expected);
        assertThat(problems("cache: {namespace: \"team/a\"}\n"))
                .containsExactly("cache.namespace: \"team/a\"" + expected);
        assertThat(problems("cache: {namespace: \"\"}\n"))
                .containsExactly("cache.namespace: \"\" (expected: a non-empty string)");
        assertThat(problems("cache: {namespace: 42}\n"))
                .containsExactly("cache.namespace: 42 (expected: a non-empty string; quote it)");
    }

    @Test
    void rejectsTtlOutsideMinTtlToMaxTtl() {
        assertThat(problems("cache: {ttl: 30s}\n"))
                .containsExactly("cache.ttl: \"30s\" (expected: min_ttl..max_ttl, 1m..365d)");
        assertThat(problems("cache: {ttl: 400d}\n"))
                .containsExactly("cache.ttl: \"400d\" (expected: min_ttl..max_ttl, 1m..365d)");
        assertThat(problems("cache: {ttl: 1d, min_ttl: 2d, max_ttl: 7d}\n"))
                .containsExactly("cache.ttl: \"1d\" (expected: min_ttl..max_ttl, 2d..7d)");
    }

    @Test
    void rejectsDefaultTtlOutsideAConfiguredMaxTtl() {
        assertThat(problems("cache: {max_ttl: 7d}\n"))
                .containsExactly("cache.ttl: 30d by default (expected: min_ttl..max_ttl, 1m..7d)");
    }

    @Test
    void acceptsTtlEqualToItsBounds() throws Exception {
        CacheConfig cache = cache("cache: {ttl: 2h, min_ttl: 2h, max_ttl: 120m}\n");

        assertThat(cache.ttl()).isEqualTo(cache.minTtl()).isEqualTo(cache.maxTtl());
    }

    @Test
    void rejectsMinTtlAboveMaxTtl() {
        assertThat(problems("cache: {ttl: 1d, min_ttl: 2d, max_ttl: 1d}\n"))
                .containsExactly("cache.min_ttl: \"2d\" (expected: at most max_ttl, 1d)");
        assertThat(problems("cache: {max_ttl: 30s}\n"))
                .containsExactly("cache.min_ttl: 1m by default (expected: at most max_ttl, 30s)");
    }

    @Test
    void rejectsTtlsOutsideHardLimits() {
        assertThat(problems("cache: {ttl: 0s}\n"))
                .containsExactly("cache.ttl: \"0s\" (expected: 1s..3650d)");
        assertThat(problems("cache: {min_ttl: 999ms}\n"))
                .containsExactly("cache.min_ttl: \"999ms\" (expected: 1s..3650d)");
        assertThat(problems("cache: {max_ttl: 3651d}\n"))
                .containsExactly("cache.max_ttl: \"3651d\" (expected: 1s..3650d)");
        assertThat(problems("cache: {ttl: 1.5d}\n"))
                .containsExactly("cache.ttl: \"1.5d\" (expected: a duration <n>ms|s|m|h|d)");
        assertThat(problems("cache: {ttl: 86400}\n"))
                .containsExactly("cache.ttl: 86400 (expected: a duration <n>ms|s|m|h|d)");
    }

    @Test
    void reportsABadTtlOnceNotAgainAgainstTheBounds() {
        assertThat(problems("cache: {ttl: 1.5d, max_ttl: 7d}\n"))
                .containsExactly("cache.ttl: \"1.5d\" (expected: a duration <n>ms|s|m|h|d)");
        assertThat(problems("cache: {min_ttl: 0s, max_ttl: 30s}\n"))
                .containsExactly("cache.min_ttl: \"0s\" (expected: 1s..3650d)");
        assertThat(problems("cache: {ttl: 1d, max_ttl: 1y}\n"))
                .containsExactly("cache.max_ttl: \"1y\" (expected: a duration <n>ms|s|m|h|d)");
    }

    @Test
    void boundsTheLargestStoredEntryByWhatAnEntryIsReadBackWith() throws Exception {
        assertThat(cache("cache: {}\n").maxEntryBytes()).isEqualTo(64L << 20);
        assertThat(cache("cache: {max_entry_bytes: 1MiB}\n").maxEntryBytes()).isEqualTo(1L << 20);
        assertThat(problems("cache: {max_entry_bytes: 65MiB}\n"))
                .containsExactly("cache.max_entry_bytes: \"65MiB\" (expected: 1KiB..64MiB)");
        assertThat(problems("cache: {max_entry_bytes: 0}\n"))
                .containsExactly("cache.max_entry_bytes: 0 (expected: 1KiB..64MiB)");
    }

    @Test
    void boundsL1SizeAndLookupTimeout() throws Exception {
        assertThat(cache("cache: {l1_max_bytes: 0}\n").l1MaxBytes()).isZero();
        assertThat(cache("cache: {l1_max_bytes: 16MiB}\n").l1MaxBytes()).isEqualTo(16L << 20);
        assertThat(cache("cache: {lookup_timeout: 1ms}\n").lookupTimeout())
                .isEqualTo(Duration.ofMillis(1));
        assertThat(problems("cache: {l1_max_bytes: 65GiB}\n"))
                .containsExactly("cache.l1_max_bytes: \"65GiB\" (expected: 0B..64GiB)");
        assertThat(problems("cache: {l1_max_bytes: -1}\n"))
                .containsExactly("cache.l1_max_bytes: -1 (expected: 0B..64GiB)");
        assertThat(problems("cache: {lookup_timeout: 11s}\n"))
                .containsExactly("cache.lookup_timeout: \"11s\" (expected: 1ms..10s)");
        assertThat(problems("cache: {lookup_timeout: 0ms}\n"))
                .containsExactly("cache.lookup_timeout: \"0ms\" (expected: 1ms..10s)");
    }

    @Test
    void requiresBooleanEnabled() {
        assertThat(problems("cache: {enabled: 1}\n"))
                .containsExactly("cache.enabled: 1 (expected: true or false)");
        assertThat(problems("cache: {enabled: \"yes\"}\n"))
                .containsExactly("cache.enabled: \"yes\" (expected: true or false)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://localhost:6379",
                "rediss://:pw@redis.internal:6380/0",
                "redis-sentinel://sentinel-1:26379,sentinel-2:26379/0#mymaster"
            })
    void acceptsRedisUrlSchemes(String url) throws Exception {
        CacheConfig.RedisConfig redis = cache("cache: {redis: {url: \"" + url + "\"}}\n").redis();

        assertThat(redis).isEqualTo(new CacheConfig.RedisConfig(url, false));
    }

    @Test
    void rejectsOtherRedisUrlsWithoutShowingThem() {
        assertThat(problems("cache: {redis: {url: \"http://:" + PASSWORD + "@redis:6379\"}}\n"))
                .containsExactly("cache.redis.url: **** (expected: " + REDIS_URL + ")");
        assertThat(problems("cache: {redis: {url: \"" + PASSWORD + "@redis:6379\"}}\n"))
                .containsExactly("cache.redis.url: **** (expected: " + REDIS_URL + ")");
        assertThat(problems("cache: {redis: {url: \"redis://\"}}\n"))
                .containsExactly("cache.redis.url: **** (expected: " + REDIS_URL + ")");
        assertThat(problems("cache: {redis: {url: \"\"}}\n"))
                .containsExactly("cache.redis.url: \"\" (expected: " + REDIS_URL + ")");
        assertThat(problems("cache: {redis: {url: 6379}}\n"))
                .containsExactly("cache.redis.url: **** (expected: " + REDIS_URL + "; quote it)");
        assertThat(problems("cache: {redis: {cluster: true}}\n"))
                .containsExactly("cache.redis.url: missing (expected: " + REDIS_URL + ")");
    }

    @Test
    void neverShowsARedisUrlWrittenInPlaceOfTheRedisMapping() {
        String yaml = "cache: {redis: \"redis://:" + PASSWORD + "@redis:6379\"}\n";

        assertThat(problems(yaml))
                .containsExactly("cache.redis: **** (expected: a mapping of url, cluster)");
        assertThatThrownBy(() -> ConfigLoader.parse(minimal("") + yaml, "g.yaml", Map.of()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(problems("cache: {redis: [a]}\n"))
                .containsExactly("cache.redis: a list (expected: a mapping of url, cluster)");
    }

    @Test
    void masksRedisUrlInDescribedConfigAndToString() throws Exception {
        String url = "rediss://:" + PASSWORD + "@redis.internal:6380/0";
        GatewayConfig config =
                ConfigLoader.parse(
                        minimal("") + "cache: {redis: {url: \"" + url + "\", cluster: true}}\n",
                        "g.yaml",
                        Map.of());

        assertThat(config.cache().redis().url()).isEqualTo(url);
        assertThat(ConfigLoader.describe(config))
                .doesNotContain(PASSWORD)
                .contains(
                        """
                          redis:
                            url: '****'
                            cluster: true
                        """);
        assertThat(config.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void readsRedisClusterAsBoolean() throws Exception {
        assertThat(
                        cache("cache: {redis: {url: redis://r:6379, cluster: true}}\n")
                                .redis()
                                .cluster())
                .isTrue();
        assertThat(cache("cache: {redis: {url: redis://r:6379}}\n").redis().cluster()).isFalse();
        assertThat(problems("cache: {redis: {url: redis://r:6379, cluster: \"yes\"}}\n"))
                .containsExactly("cache.redis.cluster: \"yes\" (expected: true or false)");
        assertThat(problems("cache: {redis: {url: redis://r:6379, cluster: 1}}\n"))
                .containsExactly("cache.redis.cluster: 1 (expected: true or false)");
    }

    @Test
    void substitutesRedisUrlFromEnvironment() throws Exception {
        String url = "redis://:" + PASSWORD + "@redis:6379/1";
        String yaml = minimal("") + "cache:\n  redis:\n    url: ${REDIS_URL}\n";

        GatewayConfig config = ConfigLoader.parse(yaml, "g.yaml", Map.of("REDIS_URL", url));

        assertThat(config.cache().redis().url()).isEqualTo(url);
        assertThat(ConfigProblemsTest.problems(yaml))
                .containsExactly(
                        "cache.redis.url: ${REDIS_URL} is not set (expected: an environment"
                                + " variable)");
        assertThat(
                        ConfigProblemsTest.problems(
                                yaml, Map.of("REDIS_URL", "http://:" + PASSWORD + "@redis")))
                .containsExactly("cache.redis.url: **** (expected: " + REDIS_URL + ")");
    }

    @Test
    void choosesPipelineModeByFirstMatchingGlob() throws Exception {
        CacheConfig cache =
                cache(
                        """
                        cache:
                          mode: replay
                          pipelines:
                            "pr-*": replay-strict
                            pr-nightly: refresh
                            nightly: refresh
                            "*-smoke": "off"
                        """);

        assertThat(cache.pipelineModes().keySet())
                .containsExactly("pr-*", "pr-nightly", "nightly", "*-smoke");
        assertThat(cache.modeFor("pr-1234")).isEqualTo(CacheMode.REPLAY_STRICT);
        assertThat(cache.modeFor("pr-nightly")).isEqualTo(CacheMode.REPLAY_STRICT);
        assertThat(cache.modeFor("pr-smoke")).isEqualTo(CacheMode.REPLAY_STRICT);
        assertThat(cache.modeFor("nightly")).isEqualTo(CacheMode.REFRESH);
        assertThat(cache.modeFor("api-smoke")).isEqualTo(CacheMode.OFF);
        assertThat(cache.modeFor("nightly-2")).isEqualTo(CacheMode.REPLAY);
        assertThat(cache.modeFor("PR-1")).isEqualTo(CacheMode.REPLAY);
        assertThat(cache.modeFor(null)).isEqualTo(CacheMode.REPLAY);
    }

    @Test
    void rejectsBadPipelineModes() {
        assertThat(
                        problems(
                                """
                                cache:
                                  pipelines:
                                    nightly: refreshh
                                    "team.a": [replay]
                                    pr-*:
                                """))
                .containsExactly(
                        "cache.pipelines.nightly: \"refreshh\" (expected: " + MODES + ")",
                        "cache.pipelines[\"team.a\"]: a list (expected: " + MODES + ")",
                        "cache.pipelines.pr-*: null (expected: " + MODES + ")");
        assertThat(problems("cache: {pipelines: [pr-*]}\n"))
                .containsExactly(
                        "cache.pipelines: a list (expected: a mapping of pipeline name or glob to"
                                + " mode)");
    }

    @Test
    void listsAllowedKeysForUnknownCacheKeys() {
        assertThat(problems("cache: {tll: 1d, redis: {url: redis://r:6379, password: x}}\n"))
                .containsExactly(
                        "cache.tll: unknown key (expected: one of enabled, namespace, mode, ttl,"
                                + " min_ttl, max_ttl, l1_max_bytes, max_entry_bytes,"
                                + " lookup_timeout, redis,"
                                + " pipelines, semantic)",
                        "cache.redis.password: unknown key (expected: one of url, cluster)");
    }

    @Test
    void rejectsNonMappingSection() {
        assertThat(problems("cache: [record]\n"))
                .containsExactly("cache: a list (expected: a mapping)");
        assertThat(problems("cache: true\n")).containsExactly("cache: true (expected: a mapping)");
    }

    @Test
    void reportsEveryCacheProblemAtOnce() {
        assertThat(
                        problems(
                                """
                                cache:
                                  mode: replay-lenient
                                  namespace: "a b"
                                  lookup_timeout: 1m
                                  redis: {url: "memcached://m:11211"}
                                """))
                .containsExactly(
                        "cache.namespace: \"a b\" (expected: 1..64 of A-Z a-z 0-9 _ . : -)",
                        "cache.mode: \"replay-lenient\" (expected: " + MODES + ")",
                        "cache.lookup_timeout: \"1m\" (expected: 1ms..10s)",
                        "cache.redis.url: **** (expected: " + REDIS_URL + ")");
    }

    @Test
    void describesCacheSectionThatParsesBack() throws Exception {
        GatewayConfig config =
                ConfigLoader.parse(
                        minimal("")
                                + """
                                cache:
                                  namespace: evals
                                  mode: refresh
                                  ttl: 48h
                                  l1_max_bytes: 0
                                  lookup_timeout: 1500ms
                                  pipelines: {"pr-*": replay, nightly: "off"}
                                """,
                        "g.yaml",
                        Map.of());

        String described = ConfigLoader.describe(config);

        assertThat(described)
                .contains(
                        """
                        cache:
                          enabled: true
                          namespace: evals
                          mode: refresh
                          ttl: 2d
                          min_ttl: 1m
                          max_ttl: 365d
                          l1_max_bytes: 0B
                          max_entry_bytes: 64MiB
                          lookup_timeout: 1500ms
                          pipelines:
                            pr-*: replay
                            nightly: "off"
                        tiers: {}
                        routes: []
                        pricing:""");
        assertThat(ConfigLoader.parse(described, "described", Map.of())).isEqualTo(config);
    }

    private static CacheConfig cache(String section) throws ConfigException {
        return ConfigLoaderTest.parse(minimal("") + section).cache();
    }

    private static List<String> problems(String section) {
        return ConfigProblemsTest.problems(minimal("") + section);
    }

    @Test
    void refusesAnL1LargerThanHalfTheHeapAndDefaultsToAQuarterOfASmallOne() {
        assertThat(problems("cache: {l1_max_bytes: 64GiB}\n"))
                .singleElement()
                .asString()
                .startsWith("cache.l1_max_bytes: \"64GiB\" (expected: at most half the JVM heap, ")
                .endsWith(" here: raise -Xmx or lower it)");
        assertThat(CacheConfig.defaultL1Bytes())
                .isEqualTo(
                        Math.min(
                                CacheConfig.DEFAULT_L1_MAX_BYTES,
                                Runtime.getRuntime().maxMemory() / 4));
    }
}
