package org.gazette.analysis;

import java.util.HashSet;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code gazette_suffix_stage}: one stage of a harmony-aware suffix stripper ({@link SuffixStage}).
 * Settings: {@code harmony_vowels}, {@code max_trailing}, {@code protected_words},
 * {@code protected_endings}, {@code alternatives} (each {@code vowels|kind|argument|suffix,…}).
 */
public final class SuffixStageFilterFactory extends AbstractTokenFilterFactory {
    private final SuffixStage stage;

    public SuffixStageFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(indexSettings, name, settings);
        String harmonyVowels = settings.get("harmony_vowels");
        if (harmonyVowels == null || harmonyVowels.isEmpty()) {
            throw new IllegalArgumentException("[" + name + "]: harmony_vowels is required");
        }
        List<String> alternatives = settings.getAsList("alternatives");
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("[" + name + "]: alternatives is required");
        }
        this.stage = new SuffixStage(
                harmonyVowels,
                settings.getAsInt("max_trailing", 12),
                new HashSet<>(settings.getAsList("protected_words")),
                settings.getAsList("protected_endings"),
                alternatives.stream().map(SuffixStage::parse).toList());
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new WordRewriteFilter(tokenStream, stage::strip, stage::mayStrip);
    }
}
