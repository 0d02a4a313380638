import { create } from "xmlbuilder2";

const ns = "http://a9.com/-/spec/opensearch/1.1/";

/** OpenSearch 1.1 description: how browsers and portals search Gazette (HTML, RSS and Atom results, suggestions). */
export function openSearchDescription(publicBaseUrl: string): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(ns, "OpenSearchDescription");
  root.ele(ns, "ShortName").txt("Gazette");
  root.ele(ns, "Description").txt("Official press releases of ministries, in Russian, Kazakh, English and more.");
  root.ele(ns, "InputEncoding").txt("UTF-8");
  root.ele(ns, "OutputEncoding").txt("UTF-8");
  root
    .ele(ns, "Url")
    .att("type", "text/html")
    .att("method", "get")
    .att("template", `${publicBaseUrl}/?q={searchTerms}`);
  root
    .ele(ns, "Url")
    .att("type", "application/rss+xml")
    .att("template", `${publicBaseUrl}/feeds/rss.xml?q={searchTerms}`);
  root
    .ele(ns, "Url")
    .att("type", "application/atom+xml")
    .att("template", `${publicBaseUrl}/feeds/atom.xml?q={searchTerms}`);
  root
    .ele(ns, "Url")
    .att("type", "application/json")
    .att("rel", "results")
    .att("template", `${publicBaseUrl}/v1/search?q={searchTerms}`);
  root
    .ele(ns, "Url")
    .att("type", "application/x-suggestions+json")
    .att("rel", "suggestions")
    .att("template", `${publicBaseUrl}/v1/suggest?q={searchTerms}&format=opensearch`);
  for (const language of ["ru", "kk", "en", "*"]) root.ele(ns, "Language").txt(language);
  return root.end({ prettyPrint: true });
}
