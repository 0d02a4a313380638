/**
 * The portal's one stylesheet (served at /assets/gazette.css; the pages' CSP allows styles from the
 * origin only, no inline ones): a readable measure, results with facets beside them from 60rem up,
 * one column down to 360 px, visible focus, print styles, light and dark.
 */
export const pageStylesheet = `
:root { color-scheme: light dark; --accent: #1a5fb4; --muted: #5e5c64; --line: #c0bfbc; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.5; }
@media (prefers-color-scheme: dark) { :root { --accent: #99c1f1; --muted: #c0bfbc; --line: #5e5c64; } }
body { margin: 0 auto; max-width: 72rem; padding: 0 1rem 2rem; }
main { max-width: 72rem; }
article, .tagline, form[role="search"], .results-list > p { max-width: 72ch; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
header.site { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.2rem; margin: 0.75rem 0; }
.brand a { text-decoration: none; }
.languages ul, .chips, .plain, .tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.plain { display: block; }
.plain li { margin: 0.25rem 0; }
.languages a[aria-current] { font-weight: 700; text-decoration: none; color: inherit; }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; color: var(--muted); font-size: 0.9rem; }
.meta, figcaption, .credit, .count, .feeds { color: var(--muted); font-size: 0.95rem; }
.count::before { content: "("; } .count::after { content: ")"; }
.summary { font-size: 1.1rem; }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; }
.tags li, .chip { border: 1px solid var(--muted); border-radius: 1rem; padding: 0 0.6rem; }
.chip { display: inline-block; text-decoration: none; }
ol.results { padding-left: 1.25rem; }
ol.results li { margin-bottom: 1rem; }
form[role="search"] { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
form[role="search"] label { flex-basis: 100%; font-weight: 600; }
input[type="search"] { flex: 1 1 16rem; font-size: 1rem; padding: 0.4rem; }
button { font-size: 1rem; padding: 0.4rem 1rem; }
table { border-collapse: collapse; margin: 1.5rem 0; min-width: min(100%, 24rem); }
caption { text-align: start; font-weight: 600; padding-bottom: 0.4rem; }
th, td { padding: 0.25rem 0.75rem 0.25rem 0; border-bottom: 1px solid var(--line); }
th[scope="row"] { text-align: start; font-weight: normal; }
th[scope="col"] { text-align: start; }
th[scope="col"] ~ th { text-align: end; }
td { text-align: end; font-variant-numeric: tabular-nums; }
.did-you-mean { margin-top: 0; }
.empty ul { padding-left: 1.25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (min-width: 60rem) { .with-facets { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 2rem; } }
@media print { nav, form, .back, aside, header.site, footer.site { display: none; } a { color: inherit; } body { max-width: none; } }
`;
