package dev.evalgate.cache.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissExplainerTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] entry(String s) {
        return MissExplainer.encode(json(s));
    }

    @Test
    void nothingRecordedIsNew() {
        assertThat(MissExplainer.explain(json("{\"a\":1}"), List.of()))
                .isEqualTo(MissExplainer.NEW);
    }

    @Test
    void theSameRequestRecordedMeansItsAnswerExpired() {
        MissExplainer.Explanation e =
                MissExplainer.explain(
                        json("{\"a\":1}"), List.of(entry("{\"a\":2}"), entry("{\"a\":1}")));
        assertThat(e.reason()).isEqualTo("expired");
    }

    @Test
    void namesTheFirstDifferingFieldOfTheClosestRecordedRequest() {
        String asked =
                "{\"messages\":[{\"content\":\"hello\",\"role\":\"user\"}],\"model\":\"m\",\"temperature\":0.7}";
        String far =
                "{\"messages\":[{\"content\":\"bye\",\"role\":\"system\"}],\"model\":\"m\",\"temperature\":0}";
        String close =
                "{\"messages\":[{\"content\":\"hello\",\"role\":\"user\"}],\"model\":\"m\",\"temperature\":0.2}";
        MissExplainer.Explanation e =
                MissExplainer.explain(json(asked), List.of(entry(far), entry(close)));
        assertThat(e.reason()).isEqualTo("changed");
        assertThat(e.pointer()).isEqualTo("/temperature");
        assertThat(e.differences()).isEqualTo(1);
        assertThat(e.describe()).isEqualTo("changed /temperature (1 field differs)");
    }

    @Test
    void addedAndRemovedMembersAndEscapedNamesArePointedAt() {
        JsonDiff.Diff d =
                JsonDiff.compare(json("{\"a/b\":1,\"x~\":[1,2]}"), json("{\"a/b\":1,\"x~\":[1]}"));
        assertThat(d.firstPointer()).isEqualTo("/x~0/1");
        assertThat(JsonDiff.compare(json("{\"a\":1}"), json("{\"a\":1,\"b\":2}")).firstPointer())
                .isEqualTo("/b");
    }

    @Test
    void garbageEntriesAndOversizedBodiesAreIgnored() {
        assertThat(MissExplainer.encode(new byte[RecordedRequests.MAX_ENTRY_BYTES + 1])).isNull();
        assertThat(MissExplainer.explain(json("{}"), List.of(new byte[] {1, 2, 3})))
                .isEqualTo(MissExplainer.NEW);
    }
}
