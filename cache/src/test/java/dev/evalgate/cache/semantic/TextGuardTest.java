package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextGuardTest {

    private static String why(String a, String b) {
        String ab = TextGuard.difference(TextGuard.termsOf(a), TextGuard.termsOf(b));
        String ba = TextGuard.difference(TextGuard.termsOf(b), TextGuard.termsOf(a));
        assertThat(ab == null).as("the guard is symmetric").isEqualTo(ba == null);
        return ab;
    }

    @Test
    void letsCasingPunctuationContractionsAndFillerThrough() {
        assertThat(why("What is the capital of Australia?", "what's the capital of australia"))
                .isNull();
        assertThat(why("Please classify this review.", "Classify this review")).isNull();
        assertThat(why("Do not answer in French.", "Don't answer in French")).isNull();
    }

    @Test
    void readsNumberWordsAsTheirDigits() {
        assertThat(why("Summarise it in three sentences.", "Summarize it in 3 sentences."))
                .isNull();
        assertThat(why("Summarise it in three sentences.", "Summarise it in four sentences."))
                .contains("critical terms differ");
        assertThat(why("Total of 1,000 items", "Total of 1000 items")).isNull();
    }

    @Test
    void refusesAnAddedOrDroppedNegation() {
        assertThat(why("Should the agent escalate?", "Should the agent not escalate?")).isNotNull();
        assertThat(why("Answer with sources.", "Answer without sources.")).isNotNull();
    }

    @Test
    void refusesANegatingPrefixOrSuffix() {
        assertThat(why("Is the reply polite?", "Is the reply impolite?")).isNotNull();
        assertThat(
                        TextGuard.negatedWord(
                                java.util.List.of("careful"), java.util.List.of("careless")))
                .isNotNull();
    }

    @Test
    void comparesNamesWithoutCaseAndRefusesAChangedName() {
        assertThat(why("Who founded Acme?", "who founded acme")).isNull();
        assertThat(why("Who founded Acme Corp?", "Who founded Globex Corp?")).isNotNull();
    }

    @Test
    void refusesChangedQuotedStrings() {
        assertThat(why("Reply \"yes\" if valid.", "Reply \"ok\" if valid.")).isNotNull();
    }

    @Test
    void refusesSwappedRolesButNotAMovedClause() {
        assertThat(why("Translate from English to French.", "Translate from French to English."))
                .isEqualTo("words swapped");
        assertThat(why("the landlord writes to the tenant", "the tenant writes to the landlord"))
                .isEqualTo("words swapped");
        assertThat(
                        why(
                                "Explain in simple terms how a hash table works.",
                                "In simple terms, explain how a hash table works."))
                .isNull();
    }

    @Test
    void refusesASmallChangeOfContentWords() {
        assertThat(why("Does the response contain a refusal?", "Does the response lack a refusal?"))
                .startsWith("small change");
        assertThat(
                        why(
                                "Write an argument for the proposal.",
                                "Write an argument against the proposal."))
                .startsWith("small change");
    }

    @Test
    void letsInstructionSynonymsAndSpellingVariantsThrough() {
        assertThat(
                        why(
                                "Write a unit test for the add function.",
                                "Create a unit test for the add function."))
                .isNull();
        assertThat(why("Summarise the colour scheme.", "Summarize the color scheme.")).isNull();
    }

    @Test
    void swapDetectionNeedsAMiddle() {
        assertThat(
                        TextGuard.isSwap(
                                java.util.List.of("a", "to", "b"),
                                java.util.List.of("b", "to", "a")))
                .isTrue();
        assertThat(
                        TextGuard.isSwap(
                                java.util.List.of("x", "a", "b"), java.util.List.of("a", "b", "x")))
                .isFalse();
    }
}
