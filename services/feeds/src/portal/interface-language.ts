import Negotiator from "negotiator";

/** The languages the portal's interface speaks (the content is in whatever language it was published in). */
export const interfaceLanguages = ["ru", "kk", "en"] as const;
export type InterfaceLanguage = (typeof interfaceLanguages)[number];

/**
 * The interface language for a request: `?hl=` if it names one, else the best of Accept-Language,
 * else English. `explicit` says the reader chose it (links then carry `hl` on).
 */
export function interfaceLanguageOf(
  hl: unknown,
  acceptLanguage: string | undefined,
): { language: InterfaceLanguage; explicit: boolean } {
  if (typeof hl === "string" && (interfaceLanguages as readonly string[]).includes(hl)) {
    return { language: hl as InterfaceLanguage, explicit: true };
  }
  const negotiator = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } });
  // `*` (what fetch sends by default) or nothing says no preference: English, the widest understood.
  const stated = negotiator.languages().filter((tag) => tag !== "*");
  const preferred = stated.length === 0 ? undefined : negotiator.language([...interfaceLanguages]);
  return { language: (preferred as InterfaceLanguage | undefined) ?? "en", explicit: false };
}

const locales: Record<InterfaceLanguage, string> = { ru: "ru-RU", kk: "kk-KZ", en: "en-GB" };

/**
 * Intl's formatters, made once each (a constructor costs tens of microseconds; a results page asks for
 * dozens of dates and names). Keys are few: three languages, and the offsets releases are published with.
 */
type AnyFormatter = Intl.DateTimeFormat | Intl.DisplayNames | Intl.PluralRules | Intl.NumberFormat;
const formatters = new Map<string, AnyFormatter>();
function formatter<T extends AnyFormatter>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (made === undefined) {
    made = make();
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

/** `und` (undetermined: Gazette could not tell the language of a pulled item), which Intl names "root". */
const undeterminedName: Record<InterfaceLanguage, string> = {
  ru: "Язык не определён",
  kk: "Тілі анықталмаған",
  en: "Language undetermined",
};

/** A language tag's name in the interface language (Intl's names: `kk` → «казахский»). */
export function languageName(tag: string, language: InterfaceLanguage): string {
  if (tag.toLowerCase() === "und") return undeterminedName[language];
  try {
    const names = formatter(
      `names ${language}`,
      () => new Intl.DisplayNames([locales[language]], { type: "language" }),
    );
    const name = names.of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(locales[language]) + name.slice(1);
  } catch {
    return tag;
  }
}

/**
 * A release's date for readers of the interface language, on the calendar of the offset it was
 * published with (`2026-01-01T10:00:00+05:00` is 1 January wherever the reader is).
 */
export function readableDate(iso: string, language: InterfaceLanguage): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const offset = /([+-]\d{2}:\d{2})$/.exec(iso)?.[1];
  const format = (timeZone: string) =>
    formatter(
      `date ${language} ${timeZone}`,
      () => new Intl.DateTimeFormat(locales[language], { dateStyle: "long", timeZone }),
    ).format(instant);
  try {
    return format(offset ?? "UTC");
  } catch {
    return format("UTC");
  }
}

/** A number as readers of the interface language write it (`12 345` in ru and kk, `12,345` in en). */
export function readableNumber(value: number, language: InterfaceLanguage): string {
  return formatter(`number ${language}`, () => new Intl.NumberFormat(locales[language])).format(value);
}

/** A duration in the largest unit under which it fits, with the language's unit (`250 мс`, `1,5 с`, `3 мин`). */
export function readableDuration(ms: number, language: InterfaceLanguage): string {
  const [unit, value] =
    ms < 1000
      ? (["millisecond", ms] as const)
      : ms < 60_000
        ? (["second", ms / 1000] as const)
        : (["minute", ms / 60_000] as const);
  return formatter(
    `unit ${language} ${unit}`,
    () =>
      new Intl.NumberFormat(locales[language], { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }),
  ).format(value);
}

/** How many results, with the plural the language wants (Intl's plural rules). */
export function resultCount(count: number, language: InterfaceLanguage): string {
  const forms: Record<InterfaceLanguage, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
    ru: { one: "результат", few: "результата", many: "результатов", other: "результата" },
    kk: { other: "нәтиже" },
    en: { one: "result", other: "results" },
  };
  const rule = formatter(`plural ${language}`, () => new Intl.PluralRules(locales[language])).select(count);
  return `${readableNumber(count, language)} ${forms[language][rule] ?? forms[language].other}`;
}

/** Every text of the interface, by language. */
export const interfaceText = {
  en: {
    tagline: "Official press releases of ministries, in Russian, Kazakh, English and more.",
    searchLabel: "Search press releases",
    searchButton: "Search",
    didYouMean: "Did you mean",
    showingResultsFor: "Showing results for",
    searchInsteadFor: "Search instead for",
    noResults: "Nothing found. Try fewer or other words.",
    moreResults: "More results",
    allReleases: "All releases",
    homeTitle: "Gazette: official press releases",
    updated: (date: string, version: number) => `Updated ${date} (version ${version})`,
    refine: "Refine",
    activeFilters: "Filters",
    removeFilter: "Remove filter",
    facets: { publisher: "Ministry", language: "Language", tag: "Tag" },
    latest: "Latest press releases",
    publishers: "Ministries",
    languages: "Languages",
    feeds: "Feeds",
    source: "source",
    languageDetected: "detected automatically",
    emptyTry: "Try",
    emptyAll: "all releases",
    emptyWithoutFilters: "the same words without filters",
    original: "Original on the ministry's site",
    back: "← Search all press releases",
    home: "Gazette: home",
    related: "Related",
    alsoPublishedBy: "Also published by",
    otherLanguages: "Other languages",
    report: {
      title: "Delivery report",
      intro:
        "For ministries: how your press releases reached people. Type your API key: it is sent once, to tell who you are, and not kept.",
      key: "API key",
      from: "From",
      to: "To",
      show: "Show the report",
      releases: "Releases",
      published: "published",
      updated: "updated",
      withdrawn: "withdrawn",
      searchable: "Time to searchable",
      p50: "half within",
      p95: "95 % within",
      polls: "Polls of feeds holding your releases",
      reader: "Reader",
      changed: "new content (200)",
      unchanged: "nothing new (304)",
      websub: "WebSub pushes",
      delivered: "delivered",
      retried: "retried",
      failed: "failed",
      searches: "Searches that found your releases",
      topQueries: "Top queries",
      count: "Count",
      badKey: "This key is not valid.",
      unavailable: "The report cannot be read right now; try again in a minute.",
      none: "none yet",
      total: "Total",
      otherReaders: "other readers",
    },
    history: {
      link: "version history",
      title: "Version history",
      version: (n: number) => `Version ${n}`,
      published: "published",
      updated: "updated",
      withdrawn: "withdrawn",
    },
    feedTitle: "Gazette: press releases",
    feedDescription: "Official press releases, as published by their ministries.",
    tags: "Tags",
    feedOf: (what: string) => `Feed of ${what}`,
    releasesOf: (what: string) => `Press releases of ${what}`,
    interfaceLanguage: "Interface language",
    noReleasesYet: "No press releases yet.",
  },
  ru: {
    tagline: "Официальные пресс-релизы министерств на русском, казахском, английском и других языках.",
    searchLabel: "Поиск по пресс-релизам",
    searchButton: "Найти",
    didYouMean: "Возможно, вы имели в виду",
    showingResultsFor: "Показаны результаты по запросу",
    searchInsteadFor: "Искать вместо этого",
    noResults: "Ничего не найдено. Попробуйте меньше слов или другие слова.",
    moreResults: "Ещё результаты",
    allReleases: "Все выпуски",
    homeTitle: "Gazette: официальные пресс-релизы",
    updated: (date: string, version: number) => `Обновлено ${date} (версия ${version})`,
    refine: "Уточнить",
    activeFilters: "Фильтры",
    removeFilter: "Убрать фильтр",
    facets: { publisher: "Ведомство", language: "Язык", tag: "Тег" },
    latest: "Последние пресс-релизы",
    publishers: "Ведомства",
    languages: "Языки",
    feeds: "Ленты",
    source: "источник",
    languageDetected: "определён автоматически",
    emptyTry: "Попробуйте",
    emptyAll: "все выпуски",
    emptyWithoutFilters: "те же слова без фильтров",
    original: "Оригинал на сайте ведомства",
    back: "← Поиск по всем пресс-релизам",
    home: "Gazette: главная",
    related: "Похожие",
    alsoPublishedBy: "Также опубликовали",
    otherLanguages: "На других языках",
    report: {
      title: "Отчёт о доставке",
      intro:
        "Для министерств: как ваши пресс-релизы дошли до читателей. Введите ключ API: он отправляется один раз, чтобы узнать вас, и не сохраняется.",
      key: "Ключ API",
      from: "С",
      to: "По",
      show: "Показать отчёт",
      releases: "Релизы",
      published: "опубликовано",
      updated: "обновлено",
      withdrawn: "отозвано",
      searchable: "Время до появления в поиске",
      p50: "половина — не дольше",
      p95: "95 % — не дольше",
      polls: "Опросы лент с вашими релизами",
      reader: "Читалка",
      changed: "новое (200)",
      unchanged: "без изменений (304)",
      websub: "Доставка по WebSub",
      delivered: "доставлено",
      retried: "повторов",
      failed: "не доставлено",
      searches: "Поиски, нашедшие ваши релизы",
      topQueries: "Частые запросы",
      count: "Число",
      badKey: "Этот ключ не подходит.",
      unavailable: "Отчёт сейчас недоступен; попробуйте через минуту.",
      none: "пока нет",
      total: "Всего",
      otherReaders: "другие читалки",
    },
    history: {
      link: "история версий",
      title: "История версий",
      version: (n: number) => `Версия ${n}`,
      published: "опубликована",
      updated: "обновлена",
      withdrawn: "отозвана",
    },
    feedTitle: "Gazette: пресс-релизы",
    feedDescription: "Официальные пресс-релизы в том виде, в каком их опубликовали министерства.",
    tags: "Теги",
    feedOf: (what: string) => `Лента «${what}»`,
    releasesOf: (what: string) => `Пресс-релизы: ${what}`,
    interfaceLanguage: "Язык интерфейса",
    noReleasesYet: "Пресс-релизов пока нет.",
  },
  kk: {
    tagline: "Министрліктердің орыс, қазақ, ағылшын және басқа тілдердегі ресми баспасөз релиздері.",
    searchLabel: "Баспасөз релиздерінен іздеу",
    searchButton: "Іздеу",
    didYouMean: "Мүмкін, сіз мынаны іздедіңіз",
    showingResultsFor: "Мына сұрау бойынша нәтижелер көрсетілді:",
    searchInsteadFor: "Оның орнына іздеу:",
    noResults: "Ештеңе табылмады. Азырақ немесе басқа сөздермен іздеп көріңіз.",
    moreResults: "Тағы нәтижелер",
    allReleases: "Барлық релиздер",
    homeTitle: "Gazette: ресми баспасөз релиздері",
    updated: (date: string, version: number) => `${date} жаңартылды (${version}-нұсқа)`,
    refine: "Нақтылау",
    activeFilters: "Сүзгілер",
    removeFilter: "Сүзгіні алып тастау",
    facets: { publisher: "Ведомство", language: "Тіл", tag: "Тег" },
    latest: "Соңғы баспасөз релиздері",
    publishers: "Ведомстволар",
    languages: "Тілдер",
    feeds: "Арналар",
    source: "дереккөз",
    languageDetected: "автоматты түрде анықталды",
    emptyTry: "Көріңіз",
    emptyAll: "барлық релиздер",
    emptyWithoutFilters: "сүзгісіз сол сөздер",
    original: "Ведомство сайтындағы түпнұсқа",
    back: "← Барлық баспасөз релиздерінен іздеу",
    home: "Gazette: басты бет",
    related: "Ұқсас релиздер",
    alsoPublishedBy: "Сондай-ақ жариялағандар",
    otherLanguages: "Басқа тілдерде",
    report: {
      title: "Жеткізу есебі",
      intro:
        "Министрліктерге: баспасөз релиздеріңіз оқырмандарға қалай жетті. API кілтін енгізіңіз: ол сізді тану үшін бір рет жіберіледі және сақталмайды.",
      key: "API кілті",
      from: "Басы",
      to: "Соңы",
      show: "Есепті көрсету",
      releases: "Релиздер",
      published: "жарияланды",
      updated: "жаңартылды",
      withdrawn: "кері қайтарылды",
      searchable: "Іздеуде пайда болу уақыты",
      p50: "жартысы — ең көбі",
      p95: "95 % — ең көбі",
      polls: "Релиздеріңіз бар арналарды сұрау",
      reader: "Оқу құралы",
      changed: "жаңа (200)",
      unchanged: "өзгеріссіз (304)",
      websub: "WebSub арқылы жеткізу",
      delivered: "жеткізілді",
      retried: "қайталау",
      failed: "жеткізілмеді",
      searches: "Релиздеріңізді тапқан іздеулер",
      topQueries: "Жиі сұраулар",
      count: "Саны",
      badKey: "Бұл кілт жарамсыз.",
      unavailable: "Есеп қазір қолжетімсіз; бір минуттан кейін қайталаңыз.",
      none: "әзірге жоқ",
      total: "Барлығы",
      otherReaders: "басқа құралдар",
    },
    history: {
      link: "нұсқалар тарихы",
      title: "Нұсқалар тарихы",
      version: (n: number) => `${n}-нұсқа`,
      published: "жарияланды",
      updated: "жаңартылды",
      withdrawn: "кері қайтарылды",
    },
    feedTitle: "Gazette: баспасөз релиздері",
    feedDescription: "Министрліктер жариялаған күйіндегі ресми баспасөз релиздері.",
    tags: "Тегтер",
    feedOf: (what: string) => `«${what}» арнасы`,
    releasesOf: (what: string) => `${what}: баспасөз релиздері`,
    interfaceLanguage: "Интерфейс тілі",
    noReleasesYet: "Әзірге баспасөз релиздері жоқ.",
  },
} satisfies Record<InterfaceLanguage, unknown>;

export type InterfaceText = (typeof interfaceText)["en"];
