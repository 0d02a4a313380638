package org.gazette.analysis;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * A token filter that rewrites each token's text with a function (a stemmer's stage, a letter folding),
 * as {@code pattern_replace} does with a regular expression (like it, whatever the token's keyword
 * mark); the term is written only when it changed.
 */
final class WordRewriteFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final UnaryOperator<String> rewrite;
    private final LastLetterTest mayRewrite;

    /** Whether a token ending in this letter may change: tested on the term's buffer, before a String is made. */
    @FunctionalInterface
    interface LastLetterTest {
        boolean test(char lastLetter);
    }

    WordRewriteFilter(TokenStream input, UnaryOperator<String> rewrite) {
        this(input, rewrite, letter -> true);
    }

    WordRewriteFilter(TokenStream input, UnaryOperator<String> rewrite, LastLetterTest mayRewrite) {
        super(input);
        this.rewrite = rewrite;
        this.mayRewrite = mayRewrite;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        int length = term.length();
        if (length == 0 || !mayRewrite.test(term.buffer()[length - 1])) {
            return true;
        }
        String word = term.toString();
        String rewritten = rewrite.apply(word);
        if (!rewritten.equals(word)) {
            term.setEmpty().append(rewritten);
        }
        return true;
    }
}
