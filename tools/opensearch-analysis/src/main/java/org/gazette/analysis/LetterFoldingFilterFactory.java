package org.gazette.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code gazette_letter_folding}: letters replaced one for one in each token ({@code mappings}:
 * {@code қ => к}, …), as a {@code mapping} character filter does before the tokenizer, for chains
 * that must fold after a filter that reads the letters (the Kazakh stemmer).
 */
public final class LetterFoldingFilterFactory extends AbstractTokenFilterFactory {
    /** The letters folded, and at the same index what each becomes. */
    private final StringBuilder letters = new StringBuilder();
    private final StringBuilder plains = new StringBuilder();

    public LetterFoldingFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
        for (String mapping : settings.getAsList("mappings")) {
            String[] sides = mapping.split("=>");
            String letter = sides.length == 2 ? sides[0].trim() : "";
            String plain = sides.length == 2 ? sides[1].trim() : "";
            if (letter.length() != 1 || plain.length() != 1) {
                throw new IllegalArgumentException("[" + name + "]: a mapping is one letter => one letter, not [" + mapping + "]");
            }
            letters.append(letter.charAt(0));
            plains.append(plain.charAt(0));
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new FoldingFilter(tokenStream, letters.toString(), plains.toString());
    }

    /** Replaces the mapped letters in the term's own buffer: one pass, no copy. */
    private static final class FoldingFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final String letters;
        private final String plains;

        FoldingFilter(TokenStream input, String letters, String plains) {
            super(input);
            this.letters = letters;
            this.plains = plains;
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            char[] buffer = term.buffer();
            for (int i = 0, length = term.length(); i < length; i++) {
                int at = letters.indexOf(buffer[i]);
                if (at >= 0) {
                    buffer[i] = plains.charAt(at);
                }
            }
            return true;
        }
    }
}
