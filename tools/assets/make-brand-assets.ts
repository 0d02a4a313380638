/**
 * Makes the portal's raster images from services/feeds/assets/favicon.svg with Debian's Chromium:
 * `favicon.ico` (a 32 px PNG in an ICO container, for browsers that ask for /favicon.ico) and
 * `gazette-card.png` (1200 × 630, the OpenGraph image of a release without images of its own).
 * Run after changing the SVG or the card: `node tools/assets/make-brand-assets.ts`; the files are kept in git.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const assets = join(import.meta.dirname, "..", "..", "services", "feeds", "assets");
const svg = readFileSync(join(assets, "favicon.svg"), "utf8");

/** An ICO file holding one PNG image (the format browsers have read since Windows Vista). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6); // width
  header.writeUInt8(size, 7); // height
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // where the image starts
  return Buffer.concat([header, png]);
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const icon = await browser.newPage({ viewport: { width: 32, height: 32 } });
  await icon.setContent(
    `<style>html,body{margin:0;background:transparent}svg{width:32px;height:32px;display:block}</style>${svg}`,
  );
  const png = await icon.screenshot({ omitBackground: true });
  writeFileSync(join(assets, "favicon.ico"), icoOf(png, 32));
  const card = await browser.newPage({ viewport: { width: 1200, height: 630 } });
  await card.setContent(`<style>
html,body{margin:0;width:1200px;height:630px;background:#1a5fb4;color:#fff;font-family:"DejaVu Sans",sans-serif}
main{display:flex;align-items:center;gap:48px;padding:0 96px;height:630px}
svg{width:180px;height:180px;flex:none}
h1{font-size:96px;margin:0}
p{font-size:36px;margin:16px 0 0;line-height:1.3}
</style><main>${svg}<div><h1>Gazette</h1><p>Official press releases of Central Asia's ministries</p><p lang="ru">Официальные пресс-релизы министерств</p></div></main>`);
  writeFileSync(join(assets, "gazette-card.png"), await card.screenshot());
} finally {
  await browser.close();
}
console.log(`written: ${join(assets, "favicon.ico")}, ${join(assets, "gazette-card.png")}`);
