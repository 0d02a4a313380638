/**
 * The language eval's samples: what a pulled item without a declared language carries (a title, then
 * the first sentences of its text), labelled with the language a reader would name. 62 ru/kk/en items
 * are the search eval's releases; uz (Latin and Cyrillic), ky and tg are written for this eval; the hard
 * cases are the kinds that mislead detectors here: Russian full of Kazakh names and places, Kazakh full
 * of Russian loanwords and acronyms, Kazakh typed on a Russian keyboard, short titles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evalCorpus } from "../search-eval/corpus.ts";
import { kyrgyzSamples, tajikSamples, uzbekSamples } from "./samples-uz-ky-tg.ts";

export interface LanguageSample {
  key: string;
  /** ISO 639-1: ru, kk, uz, ky, tg, en. */
  language: string;
  title: string;
  /** Plain text: the first sentences of the body. */
  text: string;
}

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const hard = (key: string, language: string, title: string, text: string): LanguageSample => ({
  key,
  language,
  title,
  text,
});

/** Kinds that mislead detectors in this region, each labelled with the language a reader would name. */
export const hardSamples: LanguageSample[] = [
  hard(
    "hard-ru-names",
    "ru",
    "Касым-Жомарт Токаев принял в Акорде аким Жамбылской области Ербола Карашукеева",
    "Аким Жамбылской области доложил Главе государства о ходе строительства Тасоткельского водохранилища и о подготовке к зимовке скота в Мойынкумском и Шуском районах.",
  ),
  hard(
    "hard-ru-quote-kk",
    "ru",
    "В Шымкенте открылся центр «Жастар үйі» для молодежи",
    "В центре «Жастар үйі» работают кружки робототехники и курсы казахского языка. Открытие прошло в рамках программы «Жасыл Қазақстан».",
  ),
  hard(
    "hard-kk-loanwords",
    "kk",
    "Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі брифинг өткізді",
    "Брифингте вице-министр eGov порталындағы мемлекеттік қызметтердің цифрландырылуы және 5G желісінің дамуы туралы айтты.",
  ),
  hard(
    "hard-kk-acronyms",
    "kk",
    "ҚР Энергетика министрлігі ЖЭО-ларды жылу беру маусымына дайындау бойынша штаб отырысын өткізді",
    "Отырыста Екібастұз, Павлодар және Қарағанды ЖЭО-ларындағы жөндеу жұмыстарының барысы қаралды.",
  ),
  hard(
    "hard-kk-russian-keyboard",
    "kk",
    "Астанада жана мектептин курылысы аякталды",
    "Мектеп 1200 окушыга арналган. Гимаратта робототехника кабинети жане жузу бассейни бар.",
  ),
  hard("hard-kk-short", "kk", "Үкімет отырысы", "Бүгін Үкімет отырысы өтеді."),
  hard("hard-ru-short", "ru", "Брифинг в СЦК", "Сегодня в Службе центральных коммуникаций пройдет брифинг."),
  hard(
    "hard-en-names",
    "en",
    "Kazakhstan and Uzbekistan Sign Agreement on the Syr Darya Water Allocation",
    "The agreement was signed in Tashkent by the Minister of Water Resources and Irrigation Nurzhan Nurzhigitov and his Uzbek counterpart Shavkat Khamrayev.",
  ),
  hard(
    "hard-ky-no-special-letters",
    "ky",
    "Президент Садыр Жапаров Жапониянын Премьер-министри менен жолукту",
    "Тараптар соода жана инвестиция маселелерин талкуулашты.",
  ),
  hard(
    "hard-tg-vs-uz",
    "tg",
    "Вазорати саноат ва технологияҳои нав",
    "Вазорат ҳисоботи фаъолиятро барои нимсолаи аввал пешниҳод намуд.",
  ),
];

/** The real release in ../shared/samples (Russian, from a Kazakh ministry's site), when it is there. */
function sharedSamples(): LanguageSample[] {
  try {
    const text = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "shared", "samples", "mci-kz-jusan-ru.txt"),
      "utf8",
    );
    const [title = "", ...rest] = text.split("\n").filter((line) => line.trim() !== "");
    return [{ key: "shared-mci-kz-jusan", language: "ru", title, text: rest.join(" ").slice(0, 600) }];
  } catch {
    return [];
  }
}

export const languageSamples: LanguageSample[] = [
  ...evalCorpus.map((release) => ({
    key: release.key,
    language: release.language,
    title: release.title,
    text: plain(release.body),
  })),
  ...uzbekSamples,
  ...kyrgyzSamples,
  ...tajikSamples,
  ...hardSamples,
  ...sharedSamples(),
];
