package org.gazette.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code gazette_surname_ending}: a word ending in one of {@code markers} (-ов, -ев), alone or followed
 * by one of {@code endings} (Токаев, Токаева, Токаевым), loses the marker and its ending, provided a
 * stem of at least {@code min_stem} letters is left. Where several fit, the shortest (the longest
 * stem) wins, as the regular expression {@code ^(.{min_stem,})(?:markers)(?:endings)?$} it replaces
 * would choose. Letters are counted as code points, as that expression counts them.
 */
public final class SurnameEndingFilterFactory extends AbstractTokenFilterFactory {
    private final int minStem;
    /** Every marker with every ending (and alone), shortest first, grouped by their last letter. */
    private final Map<Character, String[]> byLastLetter = new HashMap<>();

    public SurnameEndingFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
        List<String> markers = settings.getAsList("markers");
        if (markers.isEmpty()) {
            throw new IllegalArgumentException("[" + name + "]: markers is required");
        }
        this.minStem = settings.getAsInt("min_stem", 3);
        List<String> suffixes = new ArrayList<>();
        for (String marker : markers) {
            suffixes.add(marker);
            for (String ending : settings.getAsList("endings")) {
                suffixes.add(marker + ending);
            }
        }
        suffixes.removeIf(String::isEmpty);
        suffixes.sort(Comparator.comparingInt(String::length));
        Map<Character, List<String>> grouped = new HashMap<>();
        for (String suffix : suffixes) {
            grouped.computeIfAbsent(suffix.charAt(suffix.length() - 1), letter -> new ArrayList<>()).add(suffix);
        }
        grouped.forEach((letter, list) -> byLastLetter.put(letter, list.toArray(String[]::new)));
    }

    private String rewrite(String word) {
        String[] candidates = byLastLetter.get(word.charAt(word.length() - 1));
        for (String suffix : candidates) {
            int stemLength = word.length() - suffix.length();
            if (stemLength > 0 && word.endsWith(suffix) && word.codePointCount(0, stemLength) >= minStem) {
                return word.substring(0, stemLength);
            }
        }
        return word;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new WordRewriteFilter(tokenStream, this::rewrite, byLastLetter::containsKey);
    }
}
