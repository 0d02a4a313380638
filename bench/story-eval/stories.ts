/**
 * The story eval's releases, each labelled with its story. Stories: the search eval's 62 releases (ru,
 * kk, en) and the real release in ../shared/samples, 45 of them republished the ways outlets and other
 * ministries republish: an agency's dateline and "earlier reported" line, a photo credit and the press
 * service's signature, a new headline with the lead rewritten, an excerpt with "read more". Different
 * news that must stay apart: every language's republications share the same boilerplate, and routine
 * releases written from one template (storm warnings by region and day, appointments, briefings, a
 * numbered bulletin) differ only in names, places, dates and numbers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evalCorpus } from "../search-eval/corpus.ts";

export interface StoryEvalRelease {
  key: string;
  /** The story it belongs to: releases with the same label are one story. */
  story: string;
  publisher: string;
  language: string;
  title: string;
  /** HTML. */
  body: string;
  publishedAt: string;
}

type Language = "ru" | "kk" | "en";

const boilerplate: Record<
  Language,
  { dateline: string; earlier: string; credit: string; signature: string; lead: string; more: string }
> = {
  ru: {
    dateline: "АСТАНА. КАЗИНФОРМ —",
    earlier:
      "Ранее сообщалось, что Глава государства поручил Правительству ускорить цифровизацию государственных услуг.",
    credit: "Фото: пресс-служба ведомства",
    signature:
      "Пресс-служба Министерства. Подписывайтесь на наш Telegram-канал и будьте в курсе последних новостей! При использовании материалов ссылка на источник обязательна.",
    lead: "Об этом сообщает пресс-служба ведомства.",
    more: "Подробнее — на официальном сайте ведомства.",
  },
  kk: {
    dateline: "АСТАНА. ҚАЗАҚПАРАТ —",
    earlier:
      "Бұған дейін Мемлекет басшысы Үкіметке мемлекеттік қызметтерді цифрландыруды жеделдетуді тапсырғаны хабарланған.",
    credit: "Сурет: ведомствоның баспасөз қызметі",
    signature:
      "Министрліктің баспасөз қызметі. Соңғы жаңалықтардан хабардар болу үшін Telegram-арнамызға жазылыңыз! Материалдарды пайдаланған кезде дереккөзге сілтеме міндетті.",
    lead: "Бұл туралы ведомствоның баспасөз қызметі хабарлады.",
    more: "Толығырақ — ведомствоның ресми сайтында.",
  },
  en: {
    dateline: "ASTANA. KAZINFORM —",
    earlier:
      "Earlier it was reported that the Head of State instructed the Government to speed up the digitalisation of public services.",
    credit: "Photo: the ministry's press service",
    signature:
      "Press service of the Ministry. Subscribe to our Telegram channel to stay up to date with the latest news! Any use of the materials requires a link to the source.",
    lead: "The ministry's press service reported this.",
    more: "Read more on the ministry's official website.",
  },
};

const paragraphs = (html: string) =>
  html
    .split(/<\/p>\s*/)
    .map((part) => part.replace(/<[^>]+>/g, "").trim())
    .filter((part) => part !== "");
const sentences = (text: string) => text.split(/(?<=[.!?»])\s+/).filter((sentence) => sentence !== "");
const html = (...parts: string[]) => parts.map((part) => `<p>${part}</p>`).join("");
const later = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

interface Base {
  key: string;
  language: Language;
  title: string;
  body: string;
  publishedAt: string;
}

/** The ways a release comes back from other publishers, each a function of the original. */
const republications: ((base: Base, b: (typeof boilerplate)[Language]) => Omit<StoryEvalRelease, "story">)[] = [
  // An agency: its dateline, the text, an "earlier reported" line.
  (base, b) => ({
    key: `${base.key}-agency`,
    publisher: "kazinform",
    language: base.language,
    title: base.title,
    body: html(`${b.dateline} ${paragraphs(base.body).join(" ")}`, b.earlier),
    publishedAt: later(base.publishedAt, 2),
  }),
  // Another ministry's site: a photo credit and the press service's signature.
  (base, b) => ({
    key: `${base.key}-ministry`,
    publisher: "gov-portal",
    language: base.language,
    title: base.title,
    body: html(b.credit, ...paragraphs(base.body), b.signature),
    publishedAt: later(base.publishedAt, 5),
  }),
  // An outlet: a new headline, the first sentence replaced by its own lead.
  (base, b) => {
    const [first, ...rest] = sentences(paragraphs(base.body).join(" "));
    return {
      key: `${base.key}-rewritten`,
      publisher: "outlet",
      language: base.language,
      title: `${base.title.split(" ").slice(0, 4).join(" ")}: ${b.lead.replace(/\.$/, "")}`,
      body: html(`${b.lead} ${rest.length > 0 ? rest.join(" ") : first}`),
      publishedAt: later(base.publishedAt, 1),
    };
  },
  // An aggregator's excerpt: the title, the first paragraph, "read more".
  (base, b) => ({
    key: `${base.key}-excerpt`,
    publisher: "aggregator",
    language: base.language,
    title: base.title,
    body: html(paragraphs(base.body)[0] ?? "", b.more),
    publishedAt: later(base.publishedAt, 3),
  }),
];

function sharedSample(): Base[] {
  try {
    const text = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "shared", "samples", "mci-kz-jusan-ru.txt"),
      "utf8",
    );
    const [title = "", ...rest] = text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("Exit mobile") && !line.startsWith("Фото:"));
    return [{ key: "mci-jusan", language: "ru", title, body: html(...rest), publishedAt: "2024-05-14T10:00:00+05:00" }];
  } catch {
    return [];
  }
}

/** Search eval releases that report the same news as an earlier base (ru01 retells the real sample). */
const sameNewsAs: Record<string, string> = { ru01: "mci-jusan" };

const bases: Base[] = [
  ...sharedSample(),
  ...evalCorpus.map((release) => ({ ...release, language: release.language as Language })),
];

/** Routine releases from one template: different news each, however alike their words. */
function templated(): StoryEvalRelease[] {
  const storm = (region: string, day: string, wind: string) =>
    `<p>По данным РГП «Казгидромет», ${day} в ${region} ожидается сильный ветер с порывами ${wind} м/с, ночью и утром туман. МЧС призывает жителей соблюдать меры безопасности и по возможности воздержаться от поездок.</p>`;
  const appointment = (name: string, post: string, before: string) =>
    `<p>Распоряжением Премьер-Министра ${name} назначен ${post}. Ранее ${before}.</p>`;
  const briefing = (speaker: string, topic: string) =>
    `<p>Сегодня в 10:00 в Службе центральных коммуникаций при Президенте состоится брифинг. ${speaker} расскажет о ${topic}. Прямая трансляция на странице СЦК в Facebook.</p>`;
  const bulletin =
    "<p>Паводковая обстановка на территории республики находится под контролем. Силы и средства МЧС находятся в режиме повышенной готовности, мониторинг уровня воды на реках ведется круглосуточно.</p>";
  const rows: [string, string, string][] = [
    [
      "storm-akmola",
      "Штормовое предупреждение по Акмолинской области",
      storm("Акмолинской области", "12 марта", "15–20"),
    ],
    [
      "storm-kostanay",
      "Штормовое предупреждение по Костанайской области",
      storm("Костанайской области", "14 марта", "18–23"),
    ],
    [
      "storm-karaganda",
      "Штормовое предупреждение по Карагандинской области",
      storm("Карагандинской области", "2 апреля", "20–25"),
    ],
    [
      "storm-pavlodar",
      "Штормовое предупреждение по Павлодарской области",
      storm("Павлодарской области", "2 апреля", "15–20"),
    ],
    [
      "appoint-energy",
      "Назначен вице-министр энергетики",
      appointment("Ержан Касымов", "вице-министром энергетики", "он возглавлял АО «KEGOC»"),
    ],
    [
      "appoint-health",
      "Назначен вице-министр здравоохранения",
      appointment(
        "Айгуль Сарсенова",
        "вице-министром здравоохранения",
        "она руководила управлением здравоохранения города Алматы",
      ),
    ],
    [
      "appoint-finance",
      "Назначен вице-министр финансов",
      appointment("Данияр Оспанов", "вице-министром финансов", "он возглавлял Комитет казначейства"),
    ],
    [
      "brief-water",
      "Брифинг о подготовке к паводкам",
      briefing("Министр водных ресурсов и ирригации", "подготовке к весеннему паводку"),
    ],
    [
      "brief-schools",
      "Брифинг о строительстве школ",
      briefing("Вице-министр просвещения", "строительстве школ по нацпроекту «Комфортная школа»"),
    ],
    [
      "brief-tax",
      "Брифинг о новом Налоговом кодексе",
      briefing("Председатель Комитета государственных доходов", "введении нового Налогового кодекса"),
    ],
    // A numbered series whose standing text does not change: only the title's number tells them apart.
    ["bulletin-41", "Оперативная сводка о паводковой обстановке № 41", bulletin],
    ["bulletin-42", "Оперативная сводка о паводковой обстановке № 42", bulletin],
  ];
  return rows.map(([key, title, body], i) => ({
    key,
    story: key,
    publisher: "template-kz",
    language: "ru",
    title,
    body,
    publishedAt: `2025-03-${String(10 + i).padStart(2, "0")}T09:00:00+05:00`,
  }));
}

/** Republished: the real sample and the first 44 of the search eval's releases, one to three times each. */
const republishedCount = 45;

export const storyEvalReleases: StoryEvalRelease[] = [
  ...bases.flatMap((base, index) => {
    const story = sameNewsAs[base.key] ?? base.key;
    const original: StoryEvalRelease = { ...base, story, publisher: "ministry" };
    if (index >= republishedCount) return [original];
    const b = boilerplate[base.language];
    const ways = [republications[index % 4]!, ...(index % 3 === 0 ? [republications[(index + 1) % 4]!] : [])];
    if (index % 5 === 0) ways.push(republications[(index + 2) % 4]!);
    return [original, ...ways.map((way) => ({ ...way(base, b), story }))];
  }),
  ...templated(),
];
