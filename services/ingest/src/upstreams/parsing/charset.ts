/**
 * The text of an upstream body, decoded the way browsers and feed readers decide the encoding
 * (WHATWG-style sniffing): a byte order mark first, then the HTTP `Content-Type` charset, then the
 * XML declaration's `encoding` (or, without one, the byte pattern of `<?xml` in UTF-16/32), then
 * UTF-8. Decoding is iconv-lite's (windows-1251, KOI8-R, ISO-8859-x, UTF-16/32 and the rest), never
 * hand-made tables. A label iconv-lite does not know is skipped for the next source.
 */
import iconv from "iconv-lite";

const boms: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], "utf-32be"],
  [[0xff, 0xfe, 0x00, 0x00], "utf-32le"],
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xfe, 0xff], "utf-16be"],
  [[0xff, 0xfe], "utf-16le"],
];

/** `<?xml` (or `<`) in UTF-16/32 without a BOM (XML 1.0, Appendix F). */
const xmlPatterns: [number[], string][] = [
  [[0x00, 0x00, 0x00, 0x3c], "utf-32be"],
  [[0x3c, 0x00, 0x00, 0x00], "utf-32le"],
  [[0x00, 0x3c, 0x00, 0x3f], "utf-16be"],
  [[0x3c, 0x00, 0x3f, 0x00], "utf-16le"],
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
const known = (label: string | undefined): string | undefined =>
  label !== undefined && iconv.encodingExists(label) ? label.toLowerCase() : undefined;

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | null): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1];
}

/** Which encoding the body is in, and how that was decided. */
export function sniffEncoding(
  bytes: Uint8Array,
  contentType: string | null,
): { encoding: string; source: "bom" | "http" | "xml" | "default"; bomLength: number } {
  for (const [prefix, encoding] of boms)
    if (startsWith(bytes, prefix)) return { encoding, source: "bom", bomLength: prefix.length };
  const fromHttp = known(charsetOf(contentType));
  if (fromHttp !== undefined) return { encoding: fromHttp, source: "http", bomLength: 0 };
  for (const [prefix, encoding] of xmlPatterns)
    if (startsWith(bytes, prefix)) return { encoding, source: "xml", bomLength: 0 };
  // The declaration is ASCII in every ASCII-compatible encoding: read it as latin1.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  const fromXml = known(declared);
  if (fromXml !== undefined) return { encoding: fromXml, source: "xml", bomLength: 0 };
  return { encoding: "utf-8", source: "default", bomLength: 0 };
}

/** The body as text (without its BOM), and the encoding it was read in. */
export function decodeBody(bytes: Uint8Array, contentType: string | null): { text: string; encoding: string } {
  const { encoding, bomLength } = sniffEncoding(bytes, contentType);
  return { text: iconv.decode(Buffer.from(bytes.subarray(bomLength)), encoding, { stripBOM: true }), encoding };
}
