/**
 * Places whose names differ between the region's languages, not only in script (exonyms: Japan,
 * «Япония», «Жапония», "Yaponiya", «Ҷопон»): data, used at query time so that a place named in one
 * language finds releases naming it in another (issue 31, item 1). Transliteration already finds what is
 * only spelt in another script (`Berlin` «Берлин», `Astana` «Астана»); this list holds the rest, the
 * countries and cities the region's ministries write about most. Abbreviated states (РК, РФ, США) are in
 * `official-abbreviations.ts`. Written by us from the languages' usual forms; to be reviewed by people who
 * read each language, as the abbreviations were.
 *
 * A query word is a place's name when it is the name's stem (the name without one final vowel, й or ь)
 * followed by nothing or by a case ending that begins with a vowel, й or ь: «Японии», «Жапонияның»,
 * "Japanese" are Japan; so is a whole name then a Turkic case ending that begins with a consonant
 * (`Afgʻonistonda`, `Ауғанстанға`); «коренные» is not Korea, "franchise" not France; a name under four letters
 * (Tajik «Чин», China) only whole. Each other name is asked as a prefix, which finds its case forms in
 * the text (`жапони*` finds «Жапонияның»).
 * The test `services/feeds/test/place-names.test.ts` checks every name.
 */
import type { FormLanguage } from "./official-abbreviations.ts";
import { comparableWord } from "./transliteration.ts";

export interface Place {
  /** The place, in English (for people reading this file). */
  place: string;
  names: readonly (readonly [FormLanguage, string])[];
}

export const placeNames: readonly Place[] = [
  {
    place: "Japan",
    names: [
      ["en", "Japan"],
      ["ru", "Япония"],
      ["kk", "Жапония"],
      ["uz", "Yaponiya"],
      ["uz", "Япония"],
      ["ky", "Япония"],
      ["tg", "Ҷопон"],
    ],
  },
  {
    place: "China",
    names: [
      ["en", "China"],
      ["ru", "Китай"],
      ["kk", "Қытай"],
      ["uz", "Xitoy"],
      ["uz", "Хитой"],
      ["ky", "Кытай"],
      ["tg", "Чин"],
    ],
  },
  {
    place: "Germany",
    names: [
      ["en", "Germany"],
      ["ru", "Германия"],
      ["kk", "Германия"],
      ["uz", "Germaniya"],
      ["ky", "Германия"],
      ["tg", "Олмон"],
    ],
  },
  {
    place: "France",
    names: [
      ["en", "France"],
      ["ru", "Франция"],
      ["kk", "Франция"],
      ["uz", "Fransiya"],
      ["ky", "Франция"],
      ["tg", "Фаронса"],
    ],
  },
  {
    place: "Türkiye",
    names: [
      ["en", "Türkiye"],
      ["en", "Turkey"],
      ["ru", "Турция"],
      ["kk", "Түркия"],
      ["uz", "Turkiya"],
      ["ky", "Түркия"],
      ["tg", "Туркия"],
    ],
  },
  {
    place: "India",
    names: [
      ["en", "India"],
      ["ru", "Индия"],
      ["kk", "Үндістан"],
      ["uz", "Hindiston"],
      ["ky", "Индия"],
      ["tg", "Ҳиндустон"],
    ],
  },
  {
    place: "Korea",
    names: [
      ["en", "Korea"],
      ["ru", "Корея"],
      ["kk", "Корея"],
      ["uz", "Koreya"],
      ["ky", "Корея"],
      ["tg", "Корея"],
    ],
  },
  {
    place: "Iran",
    names: [
      ["en", "Iran"],
      ["ru", "Иран"],
      ["kk", "Иран"],
      ["uz", "Eron"],
      ["ky", "Иран"],
      ["tg", "Эрон"],
    ],
  },
  {
    place: "Afghanistan",
    names: [
      ["en", "Afghanistan"],
      ["ru", "Афганистан"],
      ["kk", "Ауғанстан"],
      ["uz", "Afgʻoniston"],
      ["ky", "Афганистан"],
      ["tg", "Афғонистон"],
    ],
  },
  {
    place: "Mongolia",
    names: [
      ["en", "Mongolia"],
      ["ru", "Монголия"],
      ["kk", "Моңғолия"],
      ["uz", "Mongoliya"],
      ["ky", "Монголия"],
      ["tg", "Муғулистон"],
    ],
  },
  {
    place: "Beijing",
    names: [
      ["en", "Beijing"],
      ["ru", "Пекин"],
      ["kk", "Бейжің"],
      ["uz", "Pekin"],
      ["ky", "Пекин"],
      ["tg", "Пекин"],
    ],
  },
  {
    place: "Moscow",
    names: [
      ["en", "Moscow"],
      ["ru", "Москва"],
      ["kk", "Мәскеу"],
      ["uz", "Moskva"],
      ["ky", "Москва"],
      ["tg", "Маскав"],
    ],
  },
  {
    place: "Brussels",
    names: [
      ["en", "Brussels"],
      ["ru", "Брюссель"],
      ["kk", "Брюссель"],
      ["uz", "Bryussel"],
      ["ky", "Брюссель"],
      ["tg", "Брюссел"],
    ],
  },
  {
    place: "Geneva",
    names: [
      ["en", "Geneva"],
      ["ru", "Женева"],
      ["kk", "Женева"],
      ["uz", "Jeneva"],
      ["ky", "Женева"],
      ["tg", "Женева"],
    ],
  },
  {
    place: "Istanbul",
    names: [
      ["en", "Istanbul"],
      ["ru", "Стамбул"],
      ["kk", "Ыстамбұл"],
      ["uz", "Istanbul"],
      ["ky", "Стамбул"],
      ["tg", "Истанбул"],
    ],
  },
  {
    place: "Tokyo",
    names: [
      ["en", "Tokyo"],
      ["ru", "Токио"],
      ["kk", "Токио"],
      ["uz", "Tokio"],
      ["ky", "Токио"],
      ["tg", "Токио"],
    ],
  },
];

const lowerName = comparableWord;

/** What may follow a name's stem in a case form: a vowel, й or ь first (`Японии`, `Жапонияның`, `Japanese`). */
const ending = /^(?:[aeiouyаеёиоуыэюяәөүұійь][\p{L}]{0,5})?$/u;

/**
 * The case endings that begin with a consonant, which Kazakh, Kyrgyz and Uzbek put after a whole name
 * that ends in a consonant (`Afgʻonistonda`, `Ауғанстанға`, `Қытайдың`, `Ооганстандан`): locative,
 * dative, ablative, genitive and accusative in each harmony, with a possessive -ғы/-гі, -dagi after a
 * locative. Only after the whole name: a stem cut before its last vowel is a name only with a vowel after it.
 */
const turkicEnding = new RegExp(
  `^(?:${[
    // Kazakh and Kyrgyz: д/т/н + vowel (+ н/ң/ғ); ға/ге/қа/ке/го/гө/ко/кө; мен/бен/пен.
    "[дтн][аеоөыіиуү](?:н|ң|ғы|гі|гы|ги)?",
    "[ғгқк][аеоө]",
    "[мбп]ен",
    // Uzbek: -da, -dan, -dagi, -ga, -ka, -qa, -ning, -ni.
    "da(?:n|gi)?",
    "[gkq]a",
    "ni(?:ng)?",
  ].join("|")})$`,
  "u",
);

/**
 * How a name is matched: its stem, lower case, without one final vowel, й or ь (`Япония` → `япони`,
 * `Китай` → `кита`), followed by nothing or by an ending that begins with a vowel, й or ь; a name whose
 * stem would be under four letters only whole (Tajik «Чин»: «чиновник» is not China).
 */
export function placeStem(name: string): { stem: string; whole: boolean } {
  const lower = lowerName(name);
  const stem = lower.replace(/[aeiouyаеёиоуыэюяәөүұійь]$/u, "");
  return [...stem].length >= 4 ? { stem, whole: false } : { stem: lower, whole: true };
}

const matchers = placeNames.map((place) => ({
  place,
  names: place.names.map(([, name]) => lowerName(name)),
  stems: place.names.map(([, name]) => placeStem(name)),
}));

/** The place a query word names, if any (`Японии`, `Japanese`, `Жапонияның` → Japan; not «коренные»). */
export function placeOf(word: string): Place | undefined {
  const typed = lowerName(word);
  return matchers.find(({ names, stems }) =>
    stems.some(({ stem, whole }, i) => {
      if (whole) return typed === stem;
      if (typed.startsWith(stem) && ending.test(typed.slice(stem.length))) return true;
      const name = names[i]!;
      return typed.startsWith(name) && turkicEnding.test(typed.slice(name.length));
    }),
  )?.place;
}

/**
 * A place's names in these languages as the words fields are asked them: the stem as a prefix when it
 * has five letters or more (`япони*` finds «Японии», «Японией»), else the whole name as a prefix
 * (`корея*`: `коре*` would find «коренные»), a short name whole. English does not decline its names:
 * the whole name as a prefix (`france*`: `franc*` would find "franchise", `german*` "Germanic").
 */
export function placeQueryTerms(place: Place, languages: readonly FormLanguage[]): string[] {
  const terms = place.names
    .filter(([language]) => languages.includes(language))
    .map(([language, name]) => {
      const { stem, whole } = placeStem(name);
      if (whole) return stem;
      return language !== "en" && [...stem].length >= 5 ? `${stem}*` : `${lowerName(name)}*`;
    })
    // The words fields split at an apostrophe: such a name is left to the typed word (Afgʻoniston).
    .filter((term) => !term.includes("'"));
  return [...new Set(terms)];
}
