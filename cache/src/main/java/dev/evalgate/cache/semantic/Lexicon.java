package dev.evalgate.cache.semantic;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The closed word classes whose change changes a request's meaning however similar the rest of the
 * text stays: negations, quantifiers, polarity and direction words, verdicts, formats, languages,
 * units and time references. Compiled from general English grammar (closed-class words and common
 * antonym pairs), not from any test set.
 *
 * <p>Words that are just as often used in another sense ({@code list} the verb, {@code one} the
 * pronoun, {@code output} the noun) are left out: a guard that fires on them refuses paraphrases
 * without protecting anything.
 */
final class Lexicon {

    private Lexicon() {}

    /** Negators, all read as one term: a text with one more or one fewer says something else. */
    static final Set<String> NEGATIONS =
            words("not no none nothing nobody nowhere neither nor without non cannot");

    /** Other words that exclude or condition. */
    static final Set<String> EXCEPTIONS = words("never except unless");

    /** Quantifiers and scope words. */
    static final Set<String> SCOPE =
            words(
                    "all each any some both either only most least few several whole exactly per"
                            + " always sometimes often rarely usually seldom once twice half"
                            + " double majority minority total average median");

    /** Members of antonym pairs, directions, comparisons, verdicts and time references. */
    static final Set<String> POLARITY =
            words(
                    "true false yes pass fail incorrect right wrong invalid positive negative"
                            + " neutral high low higher lower highest lowest maximum minimum more"
                            + " less fewer greater smaller larger bigger increase decrease"
                            + " ascending descending before after above below first last second"
                            + " third earliest latest earlier later early late oldest newest older"
                            + " newer old new young encode decode encrypt decrypt compress"
                            + " decompress serialize deserialize import export buy sell buyer"
                            + " seller support refute accept reject allow deny include exclude"
                            + " add remove enable disable left start end begin open close win lose"
                            + " good bad best worst better worse pro con strength weakness"
                            + " advantage disadvantage agree disagree approve same different"
                            + " similar opposite long short longer shorter fast slow faster slower"
                            + " hot cold warm cool plus minus subtract multiply divide sum"
                            + " difference product upper uppercase lowercase male female past"
                            + " future safe unsafe dangerous harmful harmless benign malicious"
                            + " toxic strict lenient formal informal casual polite rude friendly"
                            + " hostile simple complex easy hard difficult cheap expensive north"
                            + " south east west internal external public private required"
                            + " optional mandatory inclusive exclusive he she him her his hers"
                            + " yesterday today tomorrow tonight next previous current ago since"
                            + " until morning evening night daily weekly monthly yearly annual"
                            + " quarterly lend borrow send receive sender recipient");

    /** Output formats, lengths and structures. */
    static final Set<String> FORMATS =
            words(
                    "json yaml xml csv tsv markdown html latex table bullet numbered sentence word"
                            + " paragraph line character letter token item digit plain emoji"
                            + " array object string integer float boolean percentage fraction"
                            + " decimal iso essay poem haiku tweet title heading");

    /** Programming and natural languages, often written in lower case. */
    static final Set<String> LANGUAGES =
            words(
                    "python java javascript typescript kotlin scala rust ruby php perl haskell"
                            + " swift golang cpp csharp sql bash shell powershell css english"
                            + " french german spanish italian portuguese dutch chinese mandarin"
                            + " japanese korean russian arabic hindi polish turkish swedish greek"
                            + " hebrew vietnamese thai latin ukrainian indonesian");

    /** Units of measure and currencies. */
    static final Set<String> UNITS =
            words(
                    "km kilometer mile meter cm mm foot feet inch yard celsius fahrenheit kelvin"
                            + " kg kilogram gram pound lb ounce oz liter gallon ml second minute"
                            + " hour day week month year decade century usd dollar euro eur gbp"
                            + " yen cent percent byte kb mb gb tb bit mph kph calorie watt volt");

    /**
     * Words whose order tells who does what to whom ({@code English to French}); they are not terms
     * themselves, but a swap around them is a change of meaning.
     */
    static final Set<String> ORDER_MARKERS = words("to into from than vs versus and or");

    /**
     * Words that carry no content of their own in an instruction: articles, determiners,
     * politeness, pronouns, auxiliaries and common prepositions. Adding or dropping them, or
     * trading one for another, leaves the request as it was.
     */
    static final Set<String> FILLER =
            words(
                    "a an the this that these those please kindly can could would will you your"
                            + " me my i we us our it its is are was were be been do does did here"
                            + " there now then so very really actually simply tell of in on at for"
                            + " with by about as to into from");

    /**
     * Groups of instruction words that ask for the same thing in an eval prompt; a word traded for
     * another of its group is not a change of content. Only verbs of asking and question words:
     * words that change what is computed ({@code print}/{@code return}) are in no group.
     */
    private static final String[] SYNONYM_GROUPS = {
        "write compose create draft produce generate come",
        "give provide offer",
        "respond reply answer say",
        "evaluate judge assess grade rate score",
        "determine decide identify detect tell",
        "check verify",
        "suggest propose recommend",
        "fix correct repair",
        "rank order sort",
        "list name enumerate",
        "convert turn transform change",
        "find locate spot",
        "what which",
        "if whether",
        "explain describe outline",
        "imagine suppose pretend",
        "mean meaning",
        "author wrote"
    };

    /** Each grouped word mapped to its group's first word. */
    static final Map<String, String> SYNONYMS = synonyms();

    private static Map<String, String> synonyms() {
        Map<String, String> m = new HashMap<>();
        for (String group : SYNONYM_GROUPS) {
            String[] words = group.split(" ");
            for (String w : words) {
                m.put(w, words[0]);
            }
        }
        return Map.copyOf(m);
    }

    /**
     * Number words, read as digits so that {@code three} and {@code 3} are one term. {@code one} is
     * left out: it is a pronoun as often as a number.
     */
    static final Map<String, String> NUMBER_WORDS = numberWords();

    /** Spellings and synonyms folded onto one form before lookup. */
    private static final Map<String, String> FOLD =
            Map.ofEntries(
                    Map.entry("kilometre", "kilometer"),
                    Map.entry("metre", "meter"),
                    Map.entry("litre", "liter"),
                    Map.entry("every", "all"),
                    Map.entry("entire", "whole"),
                    Map.entry("just", "only"),
                    Map.entry("brief", "short"),
                    Map.entry("briefly", "short"),
                    Map.entry("courteous", "polite"),
                    Map.entry("following", "below"),
                    Map.entry("under", "below"),
                    Map.entry("preceding", "above"),
                    Map.entry("largest", "maximum"),
                    Map.entry("biggest", "maximum"),
                    Map.entry("greatest", "maximum"),
                    Map.entry("max", "maximum"),
                    Map.entry("maximal", "maximum"),
                    Map.entry("smallest", "minimum"),
                    Map.entry("min", "minimum"),
                    Map.entry("minimal", "minimum"),
                    Map.entry("yml", "yaml"),
                    Map.entry("lbs", "lb"),
                    Map.entry("c++", "cpp"),
                    Map.entry("c#", "csharp"));

    /**
     * The critical term a lower-case token stands for, or null when it belongs to no closed class.
     * Every negator is the term {@code not}. Inflected forms of the open-ended classes ({@code
     * sentences}, {@code passed}, {@code including}) are read as their base word.
     */
    static String critical(String token) {
        String number = NUMBER_WORDS.get(token);
        if (number != null) {
            return number;
        }
        String word = FOLD.getOrDefault(token, token);
        if (NEGATIONS.contains(word)) {
            return "not";
        }
        if (EXCEPTIONS.contains(word) || SCOPE.contains(word) || isInflectable(word)) {
            return word;
        }
        for (String[] rule : INFLECTIONS) {
            String suffix = rule[0];
            if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
                String stem = word.substring(0, word.length() - suffix.length());
                for (int k = 1; k < rule.length; k++) {
                    String base = FOLD.getOrDefault(stem + rule[k], stem + rule[k]);
                    if (isInflectable(base)) {
                        return base;
                    }
                }
            }
        }
        return null;
    }

    /** Suffix, then the endings to try in its place. */
    private static final String[][] INFLECTIONS = {
        {"es", "", "e"}, {"s", ""}, {"ing", "", "e"}, {"ed", "", "e"}
    };

    private static boolean isInflectable(String word) {
        return POLARITY.contains(word)
                || FORMATS.contains(word)
                || LANGUAGES.contains(word)
                || UNITS.contains(word);
    }

    private static Set<String> words(String spaced) {
        return Set.of(spaced.split(" "));
    }

    private static Map<String, String> numberWords() {
        String[] ones = {
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty"
        };
        Map<String, String> m = new HashMap<>();
        for (int i = 2; i < ones.length; i++) {
            m.put(ones[i], Integer.toString(i));
        }
        m.put("zero", "0");
        String[] tens = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            m.put(tens[i], Integer.toString(30 + 10 * i));
        }
        m.put("hundred", "100");
        m.put("thousand", "1000");
        m.put("million", "1000000");
        m.put("billion", "1000000000");
        m.put("dozen", "12");
        return Map.copyOf(m);
    }
}
