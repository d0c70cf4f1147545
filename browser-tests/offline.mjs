// The offline copy of the sample portal (loa build --offline), opened from
// the disk (file://) in headless Chromium, without bypassing its CSP: the
// menu, a policy page, a job fair and its calendar link, the language
// switcher, and a search from the header box that finds a result.
// Usage: node offline.mjs <offline-dir> <artifacts-dir>
// Exits non-zero with a list of failures; prints what it checked.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [dir, artifacts] = process.argv.slice(2);
if (!dir || !artifacts) {
  console.error("usage: node offline.mjs <offline-dir> <artifacts-dir>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const failures = [];
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const ok = (what) => console.log("ok   " + what);
const home = pathToFileURL(path.join(dir, "index.html")).href;
const root = pathToFileURL(dir).href.replace(/\/?$/, "/");
// Where a file:// page is, relative to the copy (`chinh-sach/index.html`).
const where = (page) => decodeURIComponent(page.url()).replace(decodeURIComponent(root), "").split(/[?#]/)[0];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ acceptDownloads: true });
const page = await context.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
const errors = [];
const requests = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
// A link that becomes a download ends its request as "aborted"; the
// download itself is checked below. A request the browser abandons because
// the test moved on to the next page (the favicon, on a busy machine) is
// also "aborted": it counts only when the file is really missing.
page.on("requestfailed", (r) => {
  if (r.url().endsWith(".ics")) return;
  const aborted = (r.failure()?.errorText || "").includes("ERR_ABORTED");
  if (aborted && r.url().startsWith("file://") && existsSync(fileURLToPath(r.url()))) return;
  errors.push("request failed: " + r.url() + " (" + (r.failure()?.errorText || "") + ")");
});
page.on("request", (r) => requests.push(r.url()));

async function go(step, action) {
  const before = errors.length;
  try {
    await action();
  } catch (e) {
    fail(`${step}: ${e.message.split("\n")[0]}`);
    return;
  }
  if (errors.length > before) fail(`${step}: ${errors.slice(before).join(" | ")}`);
}

// 1. The home page opens with its stylesheet applied.
await go("home page", async () => {
  await page.goto(home, { waitUntil: "load" });
  const styled = await page.evaluate(() => document.styleSheets.length > 0 && getComputedStyle(document.body).margin === "0px");
  if (!styled) fail("home page: the stylesheet did not apply"); else ok("home page opens from file:// with its stylesheet");
});

// 2. Every main-menu entry opens a page of the copy.
await go("menu", async () => {
  const hrefs = await page.locator("nav.menu a, #menu a, header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const internal = hrefs.filter((h) => h && !/^[a-z]+:/.test(h));
  if (internal.length < 5) fail(`menu: only ${internal.length} internal entries: ${JSON.stringify(hrefs)}`);
  for (const h of internal) {
    if (!h.endsWith("index.html") && !h.includes(".html")) fail(`menu: ${h} is not a file link`);
  }
  let visited = 0;
  for (const h of internal) {
    await page.goto(home, { waitUntil: "load" });
    await page.click(`a[href="${h}"] >> nth=0`);
    await page.waitForLoadState("load");
    const title = await page.locator("h1").first().textContent();
    if (!title) fail(`menu ${h}: no h1 at ${where(page)}`); else visited++;
  }
  ok(`menu: ${visited} entries followed`);
});

// 3. A policy page, reached by clicking from the policies section.
await go("policy", async () => {
  await page.goto(new URL("chinh-sach/index.html", root).href, { waitUntil: "load" });
  await page.locator("main a[href*='chinh-sach/'], main a[href$='index.html']").filter({ hasText: /./ }).first().click();
  await page.waitForLoadState("load");
  const at = where(page);
  const tables = await page.locator("main table").count();
  if (!/^chinh-sach\/[^/]+\/index\.html$/.test(at)) fail(`policy: landed on ${at}`); else ok(`policy page ${at} (${tables} support tables)`);
});

// 4. A job fair, with its "add to calendar" link to an .ics file of the copy.
await go("job fair", async () => {
  await page.goto(new URL("phien-giao-dich/index.html", root).href, { waitUntil: "load" });
  await page.locator("main h2 a, main h3 a").first().click();
  await page.waitForLoadState("load");
  const at = where(page);
  const ics = page.locator("a[download][href$='.ics']").first();
  const href = await ics.getAttribute("href");
  if (!href || href.startsWith("/") || /^[a-z]+:/.test(href)) fail(`job fair ${at}: calendar link ${href}`);
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10000 }), ics.click()]);
  const file = path.join(artifacts, "offline-" + download.suggestedFilename());
  await download.saveAs(file);
  if (!readFileSync(file, "utf8").startsWith("BEGIN:VCALENDAR")) fail(`job fair ${at}: ${href} is not a calendar`);
  ok(`job fair ${at}: calendar ${href} downloads as ${download.suggestedFilename()}`);
});

// 5. The language switcher goes to the English copy of the page.
await go("switcher", async () => {
  await page.goto(new URL("chinh-sach/index.html", root).href, { waitUntil: "load" });
  await page.click("nav.langs a[hreflang=en]");
  await page.waitForLoadState("load");
  const at = where(page);
  if (!at.startsWith("en/") || !at.endsWith("index.html")) fail(`switcher went to ${at}`); else ok(`switcher: ${at}`);
});

// 6. Search from the header box finds "Hỗ trợ …" pages, and a result opens.
await go("search", async () => {
  await page.goto(home, { waitUntil: "load" });
  await page.fill("#site-q", "ho tro");
  await page.press("#site-q", "Enter");
  await page.waitForSelector("#search-results li", { timeout: 10000 });
  const titles = await page.locator("#search-results li h3").allTextContents();
  if (!titles.some((t) => t.includes("Hỗ trợ"))) fail(`search "ho tro": titles ${JSON.stringify(titles.slice(0, 5))}`);
  await page.screenshot({ path: path.join(artifacts, "offline-search.png") });
  await page.locator("#search-results li h3 a").first().click();
  await page.waitForLoadState("load");
  const at = where(page);
  if (!at.endsWith("index.html") || !(await page.locator("h1").count())) fail(`search result opened ${at}`);
  else ok(`search "ho tro": ${titles.length} results from file://; the first opens ${at}`);
});

// Nothing was asked of the network.
const online = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
if (online.length) fail(`requests outside the copy: ${online.slice(0, 5).join(", ")}`); else ok(`${requests.length} requests, all file://`);

await browser.close();
console.log(failures.length === 0 ? "offline browser tests passed" : failures.length + " offline browser failures");
process.exit(failures.length ? 1 : 0);
