package org.gazette.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stage of a light suffix-stripping stemmer with vowel harmony (the Kazakh stemmer of
 * services/indexer/src/analysis/kazakh-analysis.ts, which writes the rules): a word loses at most one
 * suffix, the first alternative that fits, in the order given. An alternative fits when the word ends
 * in one of its suffixes (the longest first), keeps a stem of at least two letters, and the stem meets
 * the alternative's condition:
 * <ul>
 *   <li>{@code harmony}: the stem's last harmony vowel, followed by at most {@code maxTrailing} other
 *       letters, is one of the alternative's vowels;</li>
 *   <li>{@code after}: the stem ends in a letter of the class (a leading {@code ^} negates it), and the
 *       last harmony vowel before that letter, within {@code maxTrailing - 1} letters, is one of the
 *       alternative's vowels;</li>
 *   <li>{@code vowel_end}: the stem has three letters or more and ends in one of the given vowels;</li>
 *   <li>{@code stem_endings}: the stem ends in one of the given endings.</li>
 * </ul>
 * Protected words (whole) and words with a protected ending are left alone. Pure; no Lucene.
 */
final class SuffixStage {
    enum Kind { HARMONY, AFTER, VOWEL_END, STEM_ENDINGS }

    /** One alternative: its vowels, condition and suffixes (longest first, and by their last letter). */
    record Alternative(String vowels, Kind kind, String letters, boolean negated, List<String> stemEndings,
                       List<String> suffixes, Map<Character, String[]> byLastLetter) {}

    private final String harmonyVowels;
    private final int maxTrailing;
    private final Set<String> protectedWords;
    private final List<String> protectedEndings;
    private final List<Alternative> alternatives;
    /** The last letters of every suffix of the stage: a word ending in another loses nothing. */
    private final String lastLetters;

    SuffixStage(String harmonyVowels, int maxTrailing, Set<String> protectedWords, List<String> protectedEndings,
                List<Alternative> alternatives) {
        this.harmonyVowels = harmonyVowels;
        this.maxTrailing = maxTrailing;
        this.protectedWords = protectedWords;
        this.protectedEndings = protectedEndings;
        this.alternatives = alternatives;
        StringBuilder last = new StringBuilder();
        for (Alternative alternative : alternatives) {
            for (char letter : alternative.byLastLetter().keySet()) {
                if (last.indexOf(String.valueOf(letter)) < 0) {
                    last.append(letter);
                }
            }
        }
        this.lastLetters = last.toString();
    }

    /** Whether a word ending in this letter may lose a suffix here (checked before the word is read). */
    boolean mayStrip(char lastLetter) {
        return lastLetters.indexOf(lastLetter) >= 0;
    }

    /**
     * An alternative written as {@code vowels|kind|argument|suffix,suffix,…}: the argument is the letter
     * class of {@code after} (a leading {@code ^} negates it), the vowels of {@code vowel_end}, the
     * comma-separated endings of {@code stem_endings}, and empty for {@code harmony}.
     */
    static Alternative parse(String spec) {
        String[] parts = spec.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an alternative is vowels|kind|argument|suffixes, not [" + spec + "]");
        }
        Kind kind = Kind.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
        String argument = parts[2];
        boolean negated = kind == Kind.AFTER && argument.startsWith("^");
        String letters = negated ? argument.substring(1) : argument;
        List<String> endings = kind == Kind.STEM_ENDINGS ? Arrays.asList(argument.split(",")) : List.of();
        List<String> suffixes = new ArrayList<>(Arrays.asList(parts[3].split(",")));
        suffixes.removeIf(String::isEmpty);
        if (suffixes.isEmpty()) {
            throw new IllegalArgumentException("an alternative needs at least one suffix: [" + spec + "]");
        }
        suffixes.sort(Comparator.comparingInt(String::length).reversed());
        Map<Character, List<String>> grouped = new HashMap<>();
        for (String suffix : suffixes) {
            grouped.computeIfAbsent(suffix.charAt(suffix.length() - 1), letter -> new ArrayList<>()).add(suffix);
        }
        Map<Character, String[]> byLastLetter = new HashMap<>();
        grouped.forEach((letter, list) -> byLastLetter.put(letter, list.toArray(String[]::new)));
        return new Alternative(parts[0], kind, letters, negated, endings, List.copyOf(suffixes), byLastLetter);
    }

    boolean isProtected(String word) {
        if (protectedWords.contains(word)) {
            return true;
        }
        for (String ending : protectedEndings) {
            if (word.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** The word without the suffix of the first alternative that fits, or the word itself. */
    String strip(String word) {
        if (word.length() < 3 || !mayStrip(word.charAt(word.length() - 1)) || isProtected(word)) {
            return word;
        }
        char last = word.charAt(word.length() - 1);
        for (Alternative alternative : alternatives) {
            String[] candidates = alternative.byLastLetter().get(last);
            if (candidates == null) {
                continue;
            }
            for (String suffix : candidates) {
                int stemLength = word.length() - suffix.length();
                if (stemLength < 2 || !word.endsWith(suffix)) {
                    continue;
                }
                if (meets(alternative, word, stemLength)) {
                    return word.substring(0, stemLength);
                }
            }
        }
        return word;
    }

    private boolean isHarmonyVowel(char letter) {
        return harmonyVowels.indexOf(letter) >= 0;
    }

    /** Whether the stem {@code word[0, end)} meets the alternative's condition. */
    private boolean meets(Alternative alternative, String word, int end) {
        switch (alternative.kind()) {
            case STEM_ENDINGS:
                for (String ending : alternative.stemEndings()) {
                    if (word.startsWith(ending, end - ending.length()) && end >= ending.length()) {
                        return true;
                    }
                }
                return false;
            case VOWEL_END:
                return end >= 3 && alternative.letters().indexOf(word.charAt(end - 1)) >= 0;
            case AFTER: {
                char last = word.charAt(end - 1);
                boolean inClass = alternative.letters().indexOf(last) >= 0;
                if (inClass == alternative.negated()) {
                    return false;
                }
                return lastHarmonyVowelIn(alternative.vowels(), word, end - 1, maxTrailing - 1);
            }
            case HARMONY:
            default:
                return lastHarmonyVowelIn(alternative.vowels(), word, end, maxTrailing);
        }
    }

    /**
     * Whether {@code word[0, end)} ends in one of {@code vowels} followed by at most {@code trailing}
     * letters that are not harmony vowels.
     */
    private boolean lastHarmonyVowelIn(String vowels, String word, int end, int trailing) {
        for (int i = end - 1, skipped = 0; i >= 0; i--) {
            char letter = word.charAt(i);
            if (vowels.indexOf(letter) >= 0) {
                return true;
            }
            if (isHarmonyVowel(letter) || ++skipped > trailing) {
                return false;
            }
        }
        return false;
    }
}
