package org.gazette.analysis;

import java.io.IOException;
import java.util.BitSet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.ArrayUtil;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;
import org.opensearch.index.analysis.NormalizingTokenFilterFactory;

/**
 * {@code gazette_ascii_folding}: Lucene's {@code asciifolding}, token for token, at a fraction of its
 * cost on Cyrillic text (ADR 0035). Lucene's filter folds the whole token through its table as soon as
 * one character is not ASCII, so every Russian or Kazakh word went through it, letter by letter, and
 * came out unchanged: 30–35 % of an index's load. This filter first looks each letter up in a set of
 * the characters Lucene's table changes (built from that table at start-up, so the two cannot differ)
 * and hands only a token holding one of them to Lucene's own folding.
 */
public final class AsciiFoldingFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
    /** The characters {@link ASCIIFoldingFilter#foldToASCII} changes (to another character, or to several). */
    static final BitSet FOLDED = foldedCharacters();

    public AsciiFoldingFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
    }

    private static BitSet foldedCharacters() {
        BitSet folded = new BitSet(Character.MAX_VALUE + 1);
        char[] in = new char[1];
        char[] out = new char[8];
        for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
            in[0] = (char) c;
            int length = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, 1);
            if (length != 1 || out[0] != c) {
                folded.set(c);
            }
        }
        return folded;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new FoldingFilter(tokenStream);
    }

    /** Lucene's folding, asked only for a token that holds a character it changes. */
    private static final class FoldingFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private char[] output = new char[64];

        FoldingFilter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            char[] buffer = term.buffer();
            int length = term.length();
            for (int i = 0; i < length; i++) {
                char c = buffer[i];
                if (c >= '\u0080' && FOLDED.get(c)) {
                    // A character expands to at most four (Lucene's own bound for its output).
                    int most = 4 * length;
                    if (output.length < most) {
                        output = new char[ArrayUtil.oversize(most, Character.BYTES)];
                    }
                    int folded = ASCIIFoldingFilter.foldToASCII(buffer, 0, output, 0, length);
                    term.copyBuffer(output, 0, folded);
                    return true;
                }
            }
            return true;
        }
    }
}
