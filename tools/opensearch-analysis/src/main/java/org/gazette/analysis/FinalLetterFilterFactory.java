package org.gazette.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code gazette_final_letter}: a word of three letters or more ending in {@code from} ends in
 * {@code to} instead (a final consonant devoiced: министрліг → министрлік), unless it is one of
 * {@code protected_words} or ends in one of {@code protected_endings}.
 */
public final class FinalLetterFilterFactory extends AbstractTokenFilterFactory {
    private final String from;
    private final String to;
    private final Set<String> protectedWords;
    private final List<String> protectedEndings;

    public FinalLetterFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
        this.from = settings.get("from", "");
        this.to = settings.get("to", "");
        if (from.isEmpty()) {
            throw new IllegalArgumentException("[" + name + "]: from is required");
        }
        this.protectedWords = new HashSet<>(settings.getAsList("protected_words"));
        this.protectedEndings = settings.getAsList("protected_endings");
    }

    private String rewrite(String word) {
        if (word.length() < from.length() + 2 || !word.endsWith(from) || protectedWords.contains(word)) {
            return word;
        }
        for (String ending : protectedEndings) {
            if (word.endsWith(ending)) {
                return word;
            }
        }
        return word.substring(0, word.length() - from.length()) + to;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        char last = from.charAt(from.length() - 1);
        return new WordRewriteFilter(tokenStream, this::rewrite, letter -> letter == last);
    }
}
