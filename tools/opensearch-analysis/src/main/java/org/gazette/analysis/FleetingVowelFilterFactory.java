package org.gazette.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code gazette_fleeting_vowel}: a word ending in one of {@code consonants}, then one of {@code vowels},
 * then one of {@code finals} (паводок, конец) loses that vowel (паводк, конц), as its other forms have
 * it (паводка, конца), provided at least {@code min_before} letters come before the consonant: the
 * regular expression {@code ^(.{min_before,}[consonants])[vowels]([finals])$} it replaces. Letters are
 * counted as code points, as that expression counts them.
 */
public final class FleetingVowelFilterFactory extends AbstractTokenFilterFactory {
    private final String consonants;
    private final String vowels;
    private final String finals;
    private final int minBefore;

    public FleetingVowelFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
        this.consonants = settings.get("consonants", "");
        this.vowels = settings.get("vowels", "");
        this.finals = settings.get("finals", "");
        if (consonants.isEmpty() || vowels.isEmpty() || finals.isEmpty()) {
            throw new IllegalArgumentException("[" + name + "]: consonants, vowels and finals are required");
        }
        this.minBefore = settings.getAsInt("min_before", 2);
    }

    private String rewrite(String word) {
        int length = word.length();
        if (length < minBefore + 3
                || vowels.indexOf(word.charAt(length - 2)) < 0
                || consonants.indexOf(word.charAt(length - 3)) < 0
                || word.codePointCount(0, length - 3) < minBefore) {
            return word;
        }
        return word.substring(0, length - 2) + word.charAt(length - 1);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new WordRewriteFilter(tokenStream, this::rewrite, letter -> finals.indexOf(letter) >= 0);
    }
}
