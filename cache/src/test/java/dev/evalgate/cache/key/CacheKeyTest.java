package dev.evalgate.cache.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final KeyInput BASE =
            new KeyInput("default", "team-a", "openai", "gpt-4o", "/v1/chat/completions", -1, BODY);

    @Test
    void isSchemaPrefixedLowercaseHex() {
        CacheKey key = CacheKey.of(BASE);

        assertThat(key.value()).matches("v1:[0-9a-f]{64}");
        assertThat(key.hex()).hasSize(64).isEqualTo(key.value().substring(3));
        assertThat(key).hasToString(key.value());
    }

    @Test
    void sameInputGivesTheSameKey() {
        KeyInput copy =
                new KeyInput(
                        "default",
                        "team-a",
                        "openai",
                        "gpt-4o",
                        "/v1/chat/completions",
                        -1,
                        BODY.clone());

        assertThat(CacheKey.of(copy)).isEqualTo(CacheKey.of(BASE));
    }

    /** Pins the encoding: if this changes, {@link CacheKey#SCHEMA} must change with it. */
    @Test
    void keyOfAFixedInputIsStable() {
        assertThat(CacheKey.of(BASE).value()).isEqualTo(GOLDEN);
    }

    @Test
    void everyIdentityFieldChangesTheKey() {
        List<KeyInput> variants =
                List.of(
                        new KeyInput(
                                "other",
                                "team-a",
                                "openai",
                                "gpt-4o",
                                "/v1/chat/completions",
                                -1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-b",
                                "openai",
                                "gpt-4o",
                                "/v1/chat/completions",
                                -1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "azure",
                                "gpt-4o",
                                "/v1/chat/completions",
                                -1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "openai",
                                "gpt-4o-mini",
                                "/v1/chat/completions",
                                -1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "openai",
                                "gpt-4o",
                                "/v1/completions",
                                -1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "openai",
                                "gpt-4o",
                                "/v1/chat/completions",
                                0,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "openai",
                                "gpt-4o",
                                "/v1/chat/completions",
                                1,
                                BODY),
                        new KeyInput(
                                "default",
                                "team-a",
                                "openai",
                                "gpt-4o",
                                "/v1/chat/completions",
                                -1,
                                "{\"a\":2}".getBytes(StandardCharsets.UTF_8)));

        assertThat(variants.stream().map(CacheKey::of))
                .doesNotHaveDuplicates()
                .doesNotContain(CacheKey.of(BASE));
    }

    @Test
    void fieldBoundariesCannotShift() {
        CacheKey ab = CacheKey.of(new KeyInput("ab", "c", "p", "m", "/e", -1, BODY));
        CacheKey bc = CacheKey.of(new KeyInput("a", "bc", "p", "m", "/e", -1, BODY));
        CacheKey moved = CacheKey.of(new KeyInput("a", "b", "c", "m", "/e", -1, BODY));

        assertThat(List.of(ab, bc, moved)).doesNotHaveDuplicates();
    }

    @Test
    void rejectsMalformedValuesAndInputs() {
        assertThatThrownBy(() -> new CacheKey("v1:abc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CacheKey("v2:" + "0".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CacheKey("v1:" + "A".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyInput("n", "t", "p", "m", "/e", -2, BODY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyInput("n", null, "p", "m", "/e", -1, BODY))
                .isInstanceOf(NullPointerException.class);
    }

    private static final String GOLDEN =
            "v1:f944893d39d9b025a8a735be01afc5f6a8ef3dcbd21e38f5580f28d9b7d34b96";
}
