package dev.evalgate.cache.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    /** Records what a follower is told, in order. */
    static final class Recorder implements FlightListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onStart(int status, List<StoredHeader> headers, boolean streamed) {
            events.add("start " + status + (streamed ? " streamed" : ""));
        }

        @Override
        public void onChunk(byte[] data) {
            events.add("chunk " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onSuccess(CachedAnswer answer) {
            events.add("success " + (answer == null ? "none" : answer.status()));
        }

        @Override
        public void onFailure() {
            events.add("failure");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstCallerLeadsAndOthersFollowUntilItLands() {
        SingleFlight flights = new SingleFlight();
        SingleFlight.Join leader = flights.join("k");
        SingleFlight.Join follower = flights.join("k");
        assertThat(leader.leader()).isTrue();
        assertThat(follower.leader()).isFalse();
        assertThat(follower.flight()).isSameAs(leader.flight());
        leader.flight().succeed(null);
        assertThat(flights.size()).isZero();
        assertThat(flights.join("k").leader()).isTrue();
    }

    @Test
    void lateFollowerIsReplayedWhatArrivedThenGetsTheRestLive() {
        SingleFlight flights = new SingleFlight();
        Flight flight = flights.join("k").flight();
        flight.start(200, List.of(new StoredHeader("content-type", "text/event-stream")), true);
        flight.chunk(utf8("a"));
        Recorder late = new Recorder();
        flight.subscribe(late);
        flight.chunk(utf8("b"));
        CachedAnswer answer = new CachedAnswer(200, List.of(), utf8("{}"), 0L);
        flight.succeed(answer);
        assertThat(late.events)
                .containsExactly("start 200 streamed", "chunk a", "chunk b", "success 200");
        assertThat(new String(flight.body(), StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    @Test
    void followersOfAFailedLeaderAreReleased() {
        SingleFlight flights = new SingleFlight();
        Flight flight = flights.join("k").flight();
        Recorder early = new Recorder();
        flight.subscribe(early);
        flight.fail();
        Recorder afterLanding = new Recorder();
        flight.subscribe(afterLanding);
        assertThat(early.events).containsExactly("failure");
        assertThat(afterLanding.events).containsExactly("failure");
        assertThat(flights.size()).isZero();
    }

    @Test
    void unsubscribedFollowersHearNothingMore() {
        Flight flight = new SingleFlight().join("k").flight();
        Recorder gone = new Recorder();
        flight.subscribe(gone);
        flight.unsubscribe(gone);
        flight.start(200, List.of(), false);
        flight.succeed(null);
        assertThat(gone.events).isEmpty();
        assertThat(flight.followers()).isZero();
    }
}
