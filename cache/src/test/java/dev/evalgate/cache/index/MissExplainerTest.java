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

    @Test
    void findsTheClosestAmongManyRecordedRequestsByTheirPrints() {
        List<byte[]> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(
                    entry(
                            "{\"messages\":[{\"content\":\"case "
                                    + i
                                    + "\",\"role\":\"user\"}],\"model\":\"m\",\"seed\":"
                                    + (1000 + i)
                                    + "}"));
        }
        entries.add(
                120,
                entry(
                        "{\"messages\":[{\"content\":\"the question\",\"role\":\"user\"}],\"model\":\"m\",\"seed\":7}"));
        MissExplainer.Explanation e =
                MissExplainer.explain(
                        json(
                                "{\"messages\":[{\"content\":\"the question\",\"role\":\"user\"}],\"model\":\"m\",\"seed\":8}"),
                        entries);
        assertThat(e.describe()).isEqualTo("changed /seed (1 field differs)");
        assertThat(
                        MissExplainer.explain(
                                        json(
                                                "{\"messages\":[{\"content\":\"the question\",\"role\":\"user\"}],\"model\":\"m\",\"seed\":7}"),
                                        entries)
                                .reason())
                .isEqualTo("expired");
    }

    @Test
    void explainsAgainstEntriesRecordedBeforeEntriesCarriedPrints() {
        byte[] old = MissExplainer.deflate(json("{\"a\":1,\"b\":2}"));
        assertThat(MissExplainer.printCount(old)).isEqualTo(-1);
        assertThat(MissExplainer.explain(json("{\"a\":1,\"b\":3}"), List.of(old)).describe())
                .isEqualTo("changed /b (1 field differs)");
        assertThat(MissExplainer.explain(json("{\"a\":1,\"b\":2}"), List.of(old)).reason())
                .isEqualTo("expired");
    }

    @Test
    void anEntryWhosePrintCountLiesIsComparedInFullOrSkipped() {
        byte[] lying = entry("{\"a\":1}");
        lying[4] = 100; // claims 100 prints, more than the entry holds
        assertThat(MissExplainer.printCount(lying)).isEqualTo(-1);
        assertThat(MissExplainer.explain(json("{\"a\":2}"), List.of(lying)))
                .isEqualTo(MissExplainer.NEW);
    }
}
