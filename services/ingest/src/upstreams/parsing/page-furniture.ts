import sanitizeHtml from "sanitize-html";

/**
 * Text that site templates and feed plugins wrap around a release and that is not the release:
 * whole blocks (or lines) equal to one of these are dropped. Russian and Kazakh WordPress sites
 * show the English strings too, as the sample in ../shared/samples does.
 */
const furniture: readonly RegExp[] = [
  /^exit mobile version$/i,
  /^(skip to content|перейти к содержимому|мазмұнға өту)$/i,
  /^(share this|like this|related|поделиться|понравилось это|похожие записи|похожее|бөлісу)\s*:?$/i,
  /^(continue reading|read more|читать далее|продолжить чтение|толығырақ оқу)\s*(→|»|…|\.\.\.)?$/i,
  /^continue reading .{1,200} →$/i,
  /^the post .+ appeared first on .+$/i,
  /^(запись|сообщение) .+ впервые появил(ась|ось|ся)( на)? .+$/i,
];

export function isPageFurniture(text: string): boolean {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat !== "" && furniture.some((pattern) => pattern.test(flat));
}

/** The HTML without page furniture: elements whose whole text is furniture, and lines of bare text that are. */
export function removePageFurniture(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true, // only furniture goes here; the release's own allowlist sanitises afterwards
    exclusiveFilter: (frame) => isPageFurniture(frame.text),
    textFilter: (text) =>
      text
        .split("\n")
        .filter((line) => !isPageFurniture(line))
        .join("\n"),
  });
}

const photoCredit = /^(?:фото|фотосурет|сурет|photo|photos)\s*:\s*(.{1,300})$/i;

/**
 * A block saying whose photo the page shows ("Фото: …", "Photo: …", "Сурет: …") is the credit of
 * the release's image, not body text: it leaves the body, and its text is returned.
 */
export function extractPhotoCredit(html: string): { html: string; credit?: string } {
  let credit: string | undefined;
  const rest = sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      const match = credit === undefined ? photoCredit.exec(frame.text.replace(/\s+/g, " ").trim()) : null;
      if (match === null || !["p", "div", "figcaption", "span", "em", "small"].includes(frame.tag)) return false;
      credit = match[1]!.trim();
      return true;
    },
  });
  return credit === undefined ? { html: rest } : { html: rest, credit };
}
