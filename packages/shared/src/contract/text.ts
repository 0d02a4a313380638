/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
 * A feed carrying any of them is not well-formed, so they are removed at the door.
 */
const xmlIllegal =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** The same, for one UTF-16 code unit at a time (no lookaround: a fast scan). Surrogates: `isWellFormed`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it finds.
const xmlIllegalCodeUnit = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Unicode NFC, without characters that XML 1.0 forbids. */
export function cleanText(text: string): string {
  return (hasXmlIllegalCharacters(text) ? text.replace(xmlIllegal, "") : text).normalize("NFC");
}

/** Whether `text` holds a character that XML 1.0 forbids (two fast scans; most text holds none). */
export function hasXmlIllegalCharacters(text: string): boolean {
  return !text.isWellFormed() || xmlIllegalCodeUnit.test(text);
}
