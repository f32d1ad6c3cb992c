package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, slow readers: a client that pauses longer than the provider's idle timeout is not cut
 * off, because the upstream is silent only while the gateway has stopped reading it for that
 * client. (Before the fix the stream was truncated after {@code idle_timeout} of the pause, and the
 * first idle check after a pause must not count the pause either.)
 */
class SlowReaderPauseIT {

    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.DEFAULT_YAML.replace(
                                "models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]",
                                "models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]\n"
                                        + "    idle_timeout: 1s"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void streamPausedByItsReaderLongerThanTheUpstreamIdleTimeoutIsNotCutOff() {
        int words = 60_000;
        try (RawConnection client =
                RawConnection.open(stack.server().port(), SlowReaderIT.SMALL_RECEIVE_BUFFER)) {
            client.send(SlowReaderIT.chat(words, true, "paused-stream"));
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    stack.simulator().flow().blockedWriters() == 1
                                            || stack.simulator().flow().exchangesCancelled() > 0);

            // Four idle timeouts long, the upstream stays connected, blocked by the reader.
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(8))
                    .untilAsserted(
                            () -> {
                                assertThat(stack.simulator().flow().exchangesCancelled()).isZero();
                                assertThat(stack.simulator().flow().blockedWriters()).isOne();
                            });

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(200);
            assertThat(SlowReaderIT.streamedContent(r.text()).split(" ")).hasSize(words);
            assertThat(r.text()).endsWith("data: [DONE]\n\n");
        }
    }
}
