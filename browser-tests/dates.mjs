// Text that depends on the date corrects itself between builds (js/dates.js).
// Usage: node dates.mjs <artifacts-dir> <cases.json>
// cases.json: {"built": RFC 3339, "early": base URL of a build made at `built`,
//   "cases": [{"name", "clock": RFC 3339, "late": base URL of a build made at
//   `clock`, "pages": [paths]}]}
// For each page: the early build read on a phone whose clock says `clock` shows
// the same text in <main> as the late build (and not the early build's own
// text, so the page did have to change), with no console error and no layout
// shift. Exits non-zero with FAIL lines; writes screenshots.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const [artifacts, casesFile] = process.argv.slice(2);
if (!artifacts || !casesFile) {
  console.error("usage: node dates.mjs <artifacts-dir> <cases.json>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const spec = JSON.parse(readFileSync(casesFile, "utf8"));
const failures = [];
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const ok = (what) => console.log("ok   " + what);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });

// The text a reader sees in <main> (innerText leaves out hidden elements and,
// with scripts on, <noscript>), the layout shift of the load, console errors.
async function read(url, clock, shot) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.clock.setFixedTime(new Date(clock));
  const resp = await page.goto(url, { waitUntil: "load" });
  // Two frames after load: any shift the script caused has been reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const text = await page.evaluate(() => document.querySelector("main").innerText.replace(/[ \t]+/g, " ").trim());
  const cls = await page.evaluate(() => window.__cls);
  if (shot) await page.screenshot({ path: path.join(artifacts, shot), fullPage: true });
  await page.close();
  return { text, cls, errors, status: resp ? resp.status() : 0 };
}

for (const c of spec.cases) {
  for (const p of c.pages) {
    const slug = `dates-${c.name}${p.replace(/\//g, "-").replace(/-$/, "")}.png`;
    const corrected = await read(spec.early + p, c.clock, slug);
    const rebuilt = await read(c.late + p, c.clock);
    const own = await read(spec.early + p, spec.built);
    const what = `${c.name} ${p}`;
    for (const [r, which] of [[corrected, "early build"], [rebuilt, "late build"]]) {
      if (r.status !== 200) fail(`${what}: ${which}: HTTP ${r.status}`);
      if (r.errors.length) fail(`${what}: ${which}: console errors: ${r.errors.join(" | ")}`);
    }
    if (own.text === rebuilt.text) fail(`${what}: the two builds read the same, so this page checks nothing`);
    if (corrected.text === rebuilt.text) ok(`${what}: the early build reads as the late one`);
    else {
      const a = corrected.text.split("\n"), b = rebuilt.text.split("\n");
      const i = a.findIndex((l, k) => l !== b[k]);
      fail(`${what}: differs from the late build at line ${i + 1}:\n  early: ${a[i]}\n  late:  ${b[i]}`);
    }
    if (corrected.cls > 0.001) fail(`${what}: layout shift ${corrected.cls.toFixed(4)} on load`);
    else ok(`${what}: layout shift ${corrected.cls.toFixed(4)}`);
  }
}

await browser.close();
if (failures.length) {
  console.log(`${failures.length} failure(s)`);
  process.exit(1);
}
