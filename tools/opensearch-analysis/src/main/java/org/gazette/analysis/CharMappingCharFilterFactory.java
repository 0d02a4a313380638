package org.gazette.analysis;

import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractCharFilterFactory;
import org.opensearch.index.analysis.NormalizingCharFilterFactory;

/**
 * {@code gazette_char_mapping}: a {@code mapping} character filter for rules of one character each
 * ({@code ё => е}, {@code \u00AD => }: a character becomes another, or is dropped), read in blocks
 * with a table look-up per character (ADR 0035). Lucene's {@code MappingCharFilter} matches rules of
 * any length through an automaton one character at a time; with one-character rules the text, and the
 * offsets it reports (corrected after a dropped character exactly as that filter corrects them), are
 * the same.
 */
public final class CharMappingCharFilterFactory extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
    /** Not a character of any text (a Unicode noncharacter): marks a character that is dropped. */
    static final char DROPPED = '\uFFFF';
    /** What each character becomes; 0: itself. */
    private final char[] table = new char[Character.MAX_VALUE + 1];

    public CharMappingCharFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name);
        for (String rule : settings.getAsList("mappings")) {
            int arrow = rule.indexOf("=>");
            String from = arrow < 0 ? "" : unescape(rule.substring(0, arrow).trim());
            String to = arrow < 0 ? "" : unescape(rule.substring(arrow + 2).trim());
            if (from.length() != 1 || to.length() > 1 || to.equals("\u0000") || to.equals(String.valueOf(DROPPED))) {
                throw new IllegalArgumentException(
                        "[" + name + "]: a mapping is one character => one character or none, not [" + rule + "]");
            }
            table[from.charAt(0)] = to.isEmpty() ? DROPPED : to.charAt(0);
        }
    }

    /** {@code \\uXXXX} escapes, as the {@code mapping} filter reads them (no other escape is needed here). */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 5 < text.length() && text.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\') {
                throw new IllegalArgumentException("only \\uXXXX escapes are read, not [" + text + "]");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public Reader create(Reader reader) {
        return new MappingReader(reader, table);
    }

    /** Maps what it reads in place; a dropped character moves the rest back and is noted for offsets. */
    private static final class MappingReader extends BaseCharFilter {
        private final char[] table;
        /** Characters handed on so far, and dropped so far. */
        private int written;
        private int dropped;

        MappingReader(Reader input, char[] table) {
            super(input);
            this.table = table;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            for (;;) {
                int read = input.read(buffer, offset, length);
                if (read < 0) {
                    return -1;
                }
                int to = offset;
                for (int from = offset, end = offset + read; from < end; from++) {
                    char c = buffer[from];
                    char mapped = table[c];
                    if (mapped == 0) {
                        buffer[to++] = c;
                    } else if (mapped == DROPPED) {
                        // As MappingCharFilter: at the output position of the drop, the input is one further on.
                        addOffCorrectMap(written + (to - offset), ++dropped);
                    } else {
                        buffer[to++] = mapped;
                    }
                }
                int handed = to - offset;
                written += handed;
                if (handed > 0) {
                    return handed;
                }
            }
        }
    }
}
