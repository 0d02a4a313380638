/**
 * The portal's one stylesheet (served at /assets/gazette.css; the pages' CSP allows styles from the
 * origin only, no inline ones): a readable measure, responsive from 360 px, visible focus, print styles.
 */
export const pageStylesheet = `
:root { color-scheme: light dark; --accent: #1a5fb4; --muted: #5e5c64; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 72ch; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.meta, figcaption, .credit { color: var(--muted); font-size: 0.95rem; }
.summary { font-size: 1.1rem; }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.tags li { border: 1px solid var(--muted); border-radius: 1rem; padding: 0 0.6rem; }
form[role="search"] { display: flex; flex-wrap: wrap; gap: 0.5rem; }
input[type="search"] { flex: 1 1 16rem; font-size: 1rem; padding: 0.4rem; }
button { font-size: 1rem; padding: 0.4rem 1rem; }
@media print { nav, form, .back, aside { display: none; } a { color: inherit; } body { max-width: none; } }
`;
