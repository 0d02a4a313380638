import { readFileSync } from "node:fs";
import { join } from "node:path";
import { releaseIdFor, type ReleaseEvent, type ReleaseInput } from "@gazette/shared";

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sample = readFileSync(join(import.meta.dirname, "..", "..", "shared", "samples", "mci-kz-jusan-ru.txt"), "utf8");
const russianSentences = sample
  .split("\n")
  .slice(2)
  .join(" ")
  .split(/(?<=[.!?»])\s+/)
  .filter((sentence) => sentence.length > 20 && !sentence.includes("Exit mobile"));
const kazakhSentences = [
  "Елорда азаматтарын оңалтуға арналған орталықтың жұмысы талқыланды.",
  "Министрлік өкілдері өңірлердегі бағдарламалардың нәтижелерін таныстырды.",
  "Кеңес отырысында мемлекеттік органдардың ынтымақтастығы туралы айтылды.",
  "Қазақстан тәжірибесімен бөлісуге дайын екенін атап өтті.",
  "Жобаның екінші кезеңі келесі жылы басталады деп жоспарлануда.",
  "Мамандар тұрғындарға кеңес беру жұмыстарын жалғастырады.",
];
const englishSentences = [
  "The ministry presented the results of the regional rehabilitation programme.",
  "Representatives of international organisations took part in the meeting.",
  "The delegation shared its experience of reintegrating returned citizens.",
  "The second stage of the project is planned to start next year.",
  "Experts discussed cooperation between government bodies and civil society.",
  "The conference adopted a joint statement on peace and security.",
];
const tagsPool = [
  "реабилитация",
  "Жусан",
  "культура",
  "оңалту",
  "security",
  "дін",
  "ООН",
  "регион",
  "жастар",
  "education",
];
const languages = [
  { language: "ru", sentences: russianSentences },
  { language: "kk", sentences: kazakhSentences },
  { language: "en", sentences: englishSentences },
] as const;

/** Release `index` of the corpus: language ru/kk/en, a 2–8 KB body of real-sounding paragraphs, tags, sometimes an image. */
export function corpusRelease(index: number, seed = 20261124, externalIdPrefix = "bench"): ReleaseInput {
  const random = seededRandom(seed + index * 7919);
  const { language, sentences } = languages[index % languages.length]!;
  const targetBytes = 2048 + Math.floor(random() * 6144);
  const paragraphs: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const paragraph = Array.from(
      { length: 2 + Math.floor(random() * 3) },
      () => sentences[Math.floor(random() * sentences.length)]!,
    ).join(" ");
    paragraphs.push(`<p>${paragraph}</p>`);
    bytes += Buffer.byteLength(paragraph) + 7;
  }
  const tags = [
    ...new Set(
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => tagsPool[Math.floor(random() * tagsPool.length)]!),
    ),
  ];
  const release: ReleaseInput = {
    externalId: `${externalIdPrefix}-${index}`,
    language,
    title: `${sentences[Math.floor(random() * sentences.length)]!.slice(0, 120)} #${index}`,
    body: paragraphs.join("\n"),
    tags,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
  };
  if (random() < 0.5)
    release.images = [
      { url: `https://example.gov.kz/media/${index}.jpg`, caption: "Фото пресс-службы", credit: "Пресс-служба" },
    ];
  return release;
}

/**
 * Release `index` of the corpus as ingest would publish it (publisher `demo`, version 1), published
 * `stepMs` after the previous one from `start`: what the indexer gets, for benchmarks that skip ingest.
 */
export function corpusEvent(
  index: number,
  corpus: { seed: number; externalIdPrefix: string; start: Date; stepMs: number },
): ReleaseEvent {
  const input = corpusRelease(index, corpus.seed, corpus.externalIdPrefix);
  const at = new Date(corpus.start.getTime() + index * corpus.stepMs).toISOString();
  const release = {
    ...input,
    tags: input.tags ?? [],
    images: input.images ?? [],
    id: releaseIdFor("demo", input.externalId),
    publisher: "demo",
    publishedAt: at,
    updatedAt: at,
    version: 1,
  };
  return { type: "release.published", releaseId: release.id, version: 1, occurredAt: at, release };
}
