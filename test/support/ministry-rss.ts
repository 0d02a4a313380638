/**
 * An RSS 2.0 feed as ministries' sites send it, with or without `<language>` (many have none): each
 * item a guid, a title and a paragraph of text.
 */
export function ministryRss(
  language: string | undefined,
  items: { guid: string; title: string; text: string }[],
): string {
  const channelLanguage = language === undefined ? "" : `<language>${language}</language>`;
  const entries = items
    .map(
      (item) =>
        `<item><guid isPermaLink="false">${item.guid}</guid><title>${item.title}</title><description><![CDATA[<p>${item.text}</p>]]></description></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Пресс-релизы</title><link>https://gov.example.kz/</link><description>d</description>${channelLanguage}${entries}</channel></rss>`;
}
