package org.gazette.analysis;

import static org.opensearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

import java.util.Map;
import org.opensearch.index.analysis.CharFilterFactory;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * Gazette's analysis components (issue 32, ADR 0030): the Kazakh stemmer's stages, its final-letter
 * devoicing and the letter folding after it, and the Russian chains' surname endings and fleeting
 * vowels, as token filters instead of regular-expression chains; ASCII folding and one-character
 * mappings as Lucene's, at a fraction of their cost on Cyrillic text (ADR 0035).
 */
public final class GazetteAnalysisPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                "gazette_suffix_stage", requiresAnalysisSettings(SuffixStageFilterFactory::new),
                "gazette_final_letter", requiresAnalysisSettings(FinalLetterFilterFactory::new),
                "gazette_letter_folding", requiresAnalysisSettings(LetterFoldingFilterFactory::new),
                "gazette_surname_ending", requiresAnalysisSettings(SurnameEndingFilterFactory::new),
                "gazette_fleeting_vowel", requiresAnalysisSettings(FleetingVowelFilterFactory::new),
                "gazette_ascii_folding", AsciiFoldingFilterFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("gazette_char_mapping", requiresAnalysisSettings(CharMappingCharFilterFactory::new));
    }
}
