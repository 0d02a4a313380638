/**
 * Dates as upstream feeds write them: ISO 8601 and RFC 822/1123, with numeric offsets or named zones
 * (`MSK`, `ALMT`, `EST`, `MET`), and with month and day names in the site's language (`Seg, 24 Set
 * 2018`, `14 мая 2024`, `14 мамыр 2024`). A time without a zone is read in the upstream's configured
 * time zone (default UTC), never the host's. The calendar and zone arithmetic is Luxon's, and month
 * names come from the platform's CLDR data (Intl) for each language we read; what is ours is only which
 * part of the string is which.
 */
import { DateTime, IANAZone } from "luxon";

/** Languages whose month names are recognised (CLDR via Intl, full and abbreviated, standalone and in dates). */
const monthLanguages = ["en", "ru", "kk", "uz", "ky", "tg", "tr", "de", "fr", "es", "pt", "it"];

const clean = (name: string) => name.toLocaleLowerCase("ru").replace(/[.\s]/g, "");

/** Every month name of every language above → its number (1–12); names two languages share must agree. */
const monthNumbers: ReadonlyMap<string, number> = (() => {
  const names = new Map<string, number>();
  const conflicts = new Set<string>();
  const add = (name: string, month: number) => {
    const key = clean(name);
    if (key === "" || /\d/.test(key)) return;
    if (names.has(key) && names.get(key) !== month) conflicts.add(key);
    names.set(key, month);
  };
  for (const language of monthLanguages) {
    for (let month = 1; month <= 12; month++) {
      const date = new Date(Date.UTC(2024, month - 1, 14, 12));
      for (const style of ["short", "long"] as const) {
        add(new Intl.DateTimeFormat(language, { month: style, timeZone: "UTC" }).format(date), month);
        const inDate = new Intl.DateTimeFormat(language, { day: "numeric", month: style, timeZone: "UTC" })
          .formatToParts(date)
          .find((part) => part.type === "month");
        if (inDate !== undefined) add(inDate.value, month);
      }
    }
  }
  for (const key of conflicts) names.delete(key);
  return names;
})();

/** A month name (any case, with or without a dot) or its unambiguous beginning of three letters or more. */
export function monthNumber(name: string): number | undefined {
  const key = clean(name);
  const exact = monthNumbers.get(key);
  if (exact !== undefined || key.length < 3) return exact;
  const months = new Set<number>();
  for (const [known, month] of monthNumbers)
    if (known.startsWith(key) || key.startsWith(known.length >= 3 ? known : "\u0000")) months.add(month);
  return months.size === 1 ? [...months][0] : undefined;
}

/**
 * Named zones feeds use. RFC 822's own (EST…PDT) are fixed offsets by definition; the others name the
 * IANA zone whose offset on that date applies (Kazakhstan moved to UTC+5 in 2024, so ALMT is not one
 * number).
 */
const namedZones: Record<string, string> = {
  UT: "UTC",
  UTC: "UTC",
  GMT: "UTC",
  Z: "UTC",
  EST: "UTC-5",
  EDT: "UTC-4",
  CST: "UTC-6",
  CDT: "UTC-5",
  MST: "UTC-7",
  MDT: "UTC-6",
  PST: "UTC-8",
  PDT: "UTC-7",
  MSK: "Europe/Moscow",
  MSD: "UTC+4",
  ALMT: "Asia/Almaty",
  AQTT: "Asia/Aqtobe",
  ORAT: "Asia/Oral",
  QYZT: "Asia/Qyzylorda",
  UZT: "Asia/Tashkent",
  KGT: "Asia/Bishkek",
  TJT: "Asia/Dushanbe",
  TMT: "Asia/Ashgabat",
  YEKT: "Asia/Yekaterinburg",
  OMST: "Asia/Omsk",
  NOVT: "Asia/Novosibirsk",
  KRAT: "Asia/Krasnoyarsk",
  SAMT: "Europe/Samara",
  AZT: "Asia/Baku",
  GET: "Asia/Tbilisi",
  AMT: "Asia/Yerevan",
  MET: "MET",
  CET: "CET",
  CEST: "UTC+2",
  EET: "EET",
  EEST: "UTC+3",
  WET: "WET",
  BST: "UTC+1",
  TRT: "Europe/Istanbul",
};

/** The Luxon zone for what follows the time: an offset, a named zone, or nothing (the upstream's zone). */
function zoneOf(text: string, defaultZone: string): string | undefined {
  const trimmed = text.trim().replace(/^\((.*)\)$/, "$1");
  if (trimmed === "") return defaultZone;
  const offset = /^(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?$/i.exec(trimmed);
  if (offset !== null)
    return `UTC${offset[1]}${Number(offset[2])}${offset[3] !== undefined && offset[3] !== "00" ? `:${offset[3]}` : ""}`;
  return namedZones[trimmed.toUpperCase()];
}

/** Whether `zone` is an IANA time zone name (for the upstream config's `timeZone`). */
export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const dayMonthYear =
  /^(\d{1,2})(?:\s*[-./]\s*|\s+(?:de\s+)?)([^\d\s.,/-]+)\.?(?:\s*[-./,]\s*|\s+(?:de\s+)?)(\d{4}|\d{2})(?!\d)(?:\s*(?:г\.|ж\.|жыл[ығы]*))?(?:[\s,T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(.*)$/iu;
const monthDayYear =
  /^([^\d\s.,/-]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,T]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/iu;

/**
 * The instant a feed's date string names, or undefined when it cannot be read (the caller then uses
 * the time of receipt and says so). `timeZone` (IANA) applies where the string gives no zone.
 */
export function parseFeedDate(raw: string, timeZone = "UTC"): Date | undefined {
  const text = raw.replace(/\s+/g, " ").trim();
  if (text === "") return undefined;
  // ISO 8601, and its common variant with a space for the T (`2024-05-14 10:00`, as SQL writes it).
  const iso = DateTime.fromISO(
    text.replace(/^(\d{4}-\d\d-\d\d) (?=\d)/, "$1T").replace(/ (?=[+-]\d\d:?\d\d$|Z$)/, ""),
    { zone: timeZone, setZone: true },
  );
  if (iso.isValid) return iso.toJSDate();
  // Day names say nothing the date does not: `Tue, `, `Seg, `, `Вт, `, `сейсенбі, `.
  const withoutDay = text.replace(/^[^\d\s,]+\.?,\s*/u, "");
  const parts = dayMonthYear.exec(withoutDay) ?? reorder(monthDayYear.exec(withoutDay));
  if (parts === null) return undefined;
  const [, day, monthName, year, hour, minute, second, rest] = parts;
  const month = monthNumber(monthName!);
  const zone = zoneOf(rest ?? "", timeZone);
  if (month === undefined || zone === undefined) return undefined;
  const fullYear = year!.length === 2 ? (Number(year) < 50 ? 2000 : 1900) + Number(year) : Number(year);
  const date = DateTime.fromObject(
    {
      year: fullYear,
      month,
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
    },
    { zone },
  );
  return date.isValid ? date.toJSDate() : undefined;
}

/** `May 14, 2024 10:00` in the order of dayMonthYear's groups. */
function reorder(match: RegExpExecArray | null): (string | undefined)[] | null {
  if (match === null) return null;
  const [all, monthName, day, year, hour, minute, second, rest] = match;
  return [all, day, monthName, year, hour, minute, second, rest];
}
