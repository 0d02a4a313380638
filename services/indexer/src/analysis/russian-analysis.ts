/**
 * The two rules the Russian chains add around the light stemmer, as data: the filters of our analysis
 * plugin that apply them (ADR 0030), and the same rules as the `pattern_replace` filters they were
 * (layout 8 and before), kept as the specification the plugin is tested against.
 */

/**
 * Words in -ов/-ев and their forms (Токаев, Токаева, Токаевым; сырьевые, сырьевых) lose the -ов/-ев
 * with its ending, so every form stems alike: the stemmer alone reads -ев as an ending in some forms
 * only (Токаев → тока, Токаева → токаев). Names in -ин are stemmed alike without help.
 */
export const russianSurnameRule = {
  markers: ["ов", "ев"],
  endings: ["а", "у", "ы", "е", "ым", "ом", "ой", "ых", "ыми", "ая", "ое", "ую", "ые", "ого", "ому"],
  minStem: 3,
};

/** A fleeting vowel (паводок / паводка, конец / конца): the stem without it, whichever form it came from. */
export const russianFleetingVowelRule = {
  consonants: "бвгджзклмнпрстфхцчшщ",
  vowels: "оеё",
  finals: "кц",
  minBefore: 2,
};

/** The plugin's filters (`gazette_surname_ending`, `gazette_fleeting_vowel`) under the chains' names. */
export function russianRuleFilters(): Record<string, object> {
  const { markers, endings, minStem } = russianSurnameRule;
  const { consonants, vowels, finals, minBefore } = russianFleetingVowelRule;
  return {
    gazette_ru_surname: { type: "gazette_surname_ending", markers, endings, min_stem: minStem },
    gazette_ru_fleeting_vowel: { type: "gazette_fleeting_vowel", consonants, vowels, finals, min_before: minBefore },
  };
}

/** The same rules as `pattern_replace` filters, under the same names: the specification of the plugin's. */
export function russianRegexRuleFilters(): Record<string, object> {
  const { markers, endings, minStem } = russianSurnameRule;
  const { consonants, vowels, finals, minBefore } = russianFleetingVowelRule;
  return {
    gazette_ru_surname: {
      type: "pattern_replace",
      pattern: `^(.{${minStem},})(?:${markers.join("|")})(?:${endings.join("|")})?$`,
      replacement: "$1",
      all: false,
    },
    gazette_ru_fleeting_vowel: {
      type: "pattern_replace",
      pattern: `^(.{${minBefore},}[${consonants}])[${vowels}]([${finals}])$`,
      replacement: "$1$2",
      all: false,
    },
  };
}
