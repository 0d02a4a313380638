import { readFileSync } from "node:fs";
import { join } from "node:path";
import { samplesDir } from "./sample-release.ts";

/**
 * The real sample release as a WordPress 6 site's RSS feed carries it: every line of the page in
 * `content:encoded` (the photo credit and the theme's "Exit mobile version" included), WordPress's own
 * "The post … appeared first on …" footer, an enclosure for the photo, and an excerpt.
 */
export function wordpressRssFromSample(options: { title?: string; extraItem?: boolean } = {}): string {
  const [sampleTitle, ...lines] = readFileSync(join(samplesDir, "mci-kz-jusan-ru.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim());
  const title = options.title ?? sampleTitle!;
  const paragraphs = lines.filter((line) => line !== "").map((line) => `<p>${line}</p>`);
  const content = `${paragraphs.join("\n")}\n<p>The post <a href="https://mci.example.kz/2024/05/01/jusan/">${title}</a> appeared first on <a href="https://mci.example.kz">Министерство культуры и информации</a>.</p>`;
  const extra = options.extraItem
    ? `
	<item>
		<title>Второй релиз министерства</title>
		<link>https://mci.example.kz/2024/05/02/second/</link>
		<dc:creator><![CDATA[press]]></dc:creator>
		<pubDate>Thu, 02 May 2024 06:00:00 +0000</pubDate>
		<category><![CDATA[Новости]]></category>
		<guid isPermaLink="false">https://mci.example.kz/?p=1235</guid>
		<description><![CDATA[Короткий текст второго релиза.]]></description>
		<content:encoded><![CDATA[<p>Короткий текст второго релиза.</p>]]></content:encoded>
	</item>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
<channel>
	<title>Министерство культуры и информации</title>
	<atom:link href="https://mci.example.kz/feed/" rel="self" type="application/rss+xml" />
	<link>https://mci.example.kz</link>
	<description>Новости министерства</description>
	<lastBuildDate>Thu, 02 May 2024 06:00:00 +0000</lastBuildDate>
	<language>ru-RU</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.5.3</generator>${extra}
	<item>
		<title>${title}</title>
		<link>https://mci.example.kz/2024/05/01/jusan/</link>
		<comments>https://mci.example.kz/2024/05/01/jusan/#respond</comments>
		<dc:creator><![CDATA[press]]></dc:creator>
		<pubDate>Wed, 01 May 2024 05:00:00 +0000</pubDate>
		<category><![CDATA[Новости]]></category>
		<category><![CDATA[Жусан]]></category>
		<guid isPermaLink="false">https://mci.example.kz/?p=1234</guid>
		<description><![CDATA[${lines.find((line) => line.startsWith("Сегодня"))!.slice(0, 120)} [&#8230;]]]></description>
		<content:encoded><![CDATA[${content}]]></content:encoded>
		<enclosure url="https://mci.example.kz/wp-content/uploads/2024/05/jusan.jpg" length="183412" type="image/jpeg" />
		<wfw:commentRss>https://mci.example.kz/2024/05/01/jusan/feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>
</channel>
</rss>
`;
}
