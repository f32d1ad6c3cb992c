package dev.evalgate.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowComparatorTest {

    private static AnswerComparator of(String name) {
        return AnswerComparator.of(name, null);
    }

    @Test
    void exactAgreesOnlyOnIdenticalText() {
        assertThat(of("exact").agree("Yes.", "Yes.")).isTrue();
        assertThat(of("exact").agree("Yes.", "yes.")).isFalse();
        assertThat(of("exact").agree("Yes.", "Yes. ")).isFalse();
    }

    @Test
    void jsonEqualComparesTreesNotText() {
        AnswerComparator c = of("json-equal");
        assertThat(c.agree("{\"a\":1,\"b\":[1,2]}", " { \"b\" : [1,2], \"a\" : 1 }")).isTrue();
        assertThat(c.agree("{\"a\":1}", "{\"a\":2}")).isFalse();
        assertThat(c.agree("{\"a\":1}", "{\"a\":1")).isFalse();
        assertThat(c.agree("not json", "not json")).isFalse();
    }

    @Test
    void jsonValidBothNeedsBothToParse() {
        AnswerComparator c = of("json-valid-both");
        assertThat(c.agree("{\"a\":1}", "[1, 2]")).isTrue();
        assertThat(c.agree("{\"a\":1}", "{\"a\":")).isFalse();
        assertThat(c.agree("", "{}")).isFalse();
    }

    @Test
    void normalizedTextIgnoresCaseSpacingAndEdgePunctuation() {
        AnswerComparator c = of("normalized-text");
        assertThat(c.agree("  The answer is\n\tPARIS.", "the answer   is paris")).isTrue();
        assertThat(c.agree("\"Paris!\"", "paris")).isTrue();
        assertThat(c.agree("Paris, France", "Paris France")).isFalse();
        assertThat(c.agree("Paris", "London")).isFalse();
    }

    @Test
    void verdictComparesTheFirstWordCaseInsensitively() {
        AnswerComparator c = of("verdict");
        assertThat(c.agree("PASS: the output is valid", "pass - looks fine")).isTrue();
        assertThat(c.agree("Pass.", "Fail.")).isFalse();
        assertThat(c.agree("", "pass")).isFalse();
    }

    @Test
    void verdictTakesTheRegexsFirstGroupOrWholeMatch() {
        AnswerComparator group = AnswerComparator.of("verdict", "VERDICT:\\s*(\\w+)");
        assertThat(group.agree("Reasoning… VERDICT: yes", "VERDICT: YES because")).isTrue();
        assertThat(group.agree("VERDICT: yes", "VERDICT: no")).isFalse();
        assertThat(group.agree("no verdict here", "no verdict here")).isFalse();
        AnswerComparator whole = AnswerComparator.of("verdict", "(?i)\\b(?:correct|incorrect)\\b");
        assertThat(whole.agree("That is Correct.", "correct")).isTrue();
        assertThat(whole.agree("incorrect", "correct")).isFalse();
    }
}
