// Browser tests of the default theme on a built, served sample portal.
// Usage: node run.mjs <base-url> <public-dir> <artifacts-dir>
// Exits non-zero with a list of failures; prints what it checked.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [base, publicDir, artifacts] = process.argv.slice(2);
if (!base || !publicDir || !artifacts) {
  console.error("usage: node run.mjs <base-url> <public-dir> <artifacts-dir>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const failures = [];
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const ok = (what) => console.log("ok   " + what);

// One page of every type, in both languages.
const pages = [
  "/", "/en/",
  "/tin-tuc/", "/en/news/",
  "/tin-tuc/dong-thap-phoi-hop-day-manh-xkld-2023/", "/en/news/dong-thap-phoi-hop-day-manh-xkld-2023/",
  "/chinh-sach/", "/en/policies/",
  "/chinh-sach/ho-tro-lao-dong-ngheo-mtqg/", "/en/policies/ho-tro-lao-dong-ngheo-mtqg/",
  "/phien-giao-dich/", "/en/job-fairs/",
  "/phien-giao-dich/phien-giao-dich-viec-lam-thang-12-2026/", "/en/job-fairs/phien-giao-dich-viec-lam-thang-12-2026/",
  "/nguoi-that-viec-that/", "/en/success-stories/",
  "/nguoi-that-viec-that/mua-vu-o-han-quoc-cua-chi-thu-ha/", "/en/success-stories/mua-vu-o-han-quoc-cua-chi-thu-ha/",
  "/chuong-trinh/eps-han-quoc/", "/en/programmes/eps-han-quoc/",
  "/thi-truong/", "/en/markets/",
  "/thi-truong/nhat-ban/", "/en/markets/japan/",
  "/doi-tuong/nguoi-thuoc-ho-ngheo/", "/en/beneficiaries/poor-households/",
  "/doanh-nghiep/", "/en/licensed-companies/",
  "/tim-kiem/", "/en/search/",
  "/lien-he/", "/en/lien-he/",
  "/404.html", "/en/404.html",
  "/canh-bao-lua-dao/", "/en/canh-bao-lua-dao/",
  "/canh-bao/", "/en/scam-alerts/",
  "/canh-bao/fanpage-gia-mao-hua-di-eps-khong-can-thi/", "/en/scam-alerts/fanpage-gia-mao-hua-di-eps-khong-can-thi/",
  "/hoi-dap/thu-tuc-va-chi-phi/", "/en/questions/procedures-and-costs/",
  "/don-hang/", "/en/job-orders/",
  "/don-hang/che-bien-thuc-pham-nhat-ban/", "/en/job-orders/che-bien-thuc-pham-nhat-ban/",
  "/don-hang/xay-dung-nhat-ban/", "/en/job-orders/xay-dung-nhat-ban/",
  "/doanh-nghiep/kiem-tra/", "/en/licensed-companies/check-an-offer/",
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// Axe is injected into pages whose CSP allows only their own scripts.
const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });

async function open(url, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const resp = await page.goto(base + url, { waitUntil: "load" });
  return { page, errors, status: resp ? resp.status() : 0 };
}

// 1. Every page type: loads, no console errors, axe finds no WCAG 2.2 AA
// violation, and nothing (long words, URLs, tables) widens a 360 px screen.
for (const url of pages) {
  const { page, errors, status } = await open(url, { width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) fail(`${url} at 360px: page scrolls sideways by ${overflow}px`);
  if (status !== 200 && !url.endsWith("404.html")) fail(`${url}: HTTP ${status}`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  });
  const violations = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`);
  if (violations.length) fail(`${url}: axe: ${violations.join("; ")}`); else ok(`${url}: axe clean (${result.passes.length} checks passed)`);
  if (errors.length) fail(`${url}: console errors: ${errors.join(" | ")}`);
  const h1 = await page.locator("h1").count();
  if (h1 !== 1) fail(`${url}: ${h1} h1 elements`);
  await page.close();
}

// 2. The menu on a 360 px screen: every entry reachable, no sideways page scroll.
for (const url of ["/", "/en/"]) {
  const { page } = await open(url, { width: 360, height: 740 });
  const links = page.locator("nav.menu a");
  const n = await links.count();
  let reachable = 0;
  for (let i = 0; i < n; i++) {
    await links.nth(i).scrollIntoViewIfNeeded();
    if (await links.nth(i).isVisible()) reachable++;
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (n < 5 || reachable !== n) fail(`${url} at 360px: ${reachable}/${n} menu links reachable`); else ok(`${url} at 360px: all ${n} menu links reachable`);
  if (overflow > 0) fail(`${url} at 360px: page scrolls sideways by ${overflow}px`);
  await page.close();
}

// 3. The language switcher leads to the same article in English and back.
{
  const { page } = await open("/tin-tuc/dong-thap-phoi-hop-day-manh-xkld-2023/");
  await page.click("nav.langs a[hreflang=en]");
  await page.waitForLoadState("load");
  const en = new URL(page.url()).pathname;
  if (en !== "/en/news/dong-thap-phoi-hop-day-manh-xkld-2023/") fail(`switcher went to ${en}`);
  const lang = await page.getAttribute("html", "lang");
  await page.click("nav.langs a[hreflang=vi]");
  await page.waitForLoadState("load");
  const back = new URL(page.url()).pathname;
  if (lang !== "en" || back !== "/tin-tuc/dong-thap-phoi-hop-day-manh-xkld-2023/") fail(`switcher back went to ${back} (lang ${lang})`); else ok("language switcher round trip");
  await page.close();
}

// 4. Search: typing "ho tro" in the header box finds pages titled "Hỗ trợ …".
{
  const { page, errors } = await open("/");
  await page.fill("#site-q", "ho tro");
  await page.press("#site-q", "Enter");
  await page.waitForSelector("#search-results li", { timeout: 10000 }).catch(() => {});
  const titles = await page.locator("#search-results li h3").allTextContents();
  if (!titles.some((t) => t.includes("Hỗ trợ"))) fail(`search "ho tro": titles ${JSON.stringify(titles.slice(0, 5))}`); else ok(`search "ho tro": ${titles.length} results, first "${titles[0]}"`);
  if (errors.length) fail(`search: console errors ${errors.join(" | ")}`);
  await page.close();
}

// 5. "Add to calendar" downloads an iCalendar file.
{
  const { page } = await open("/phien-giao-dich/phien-giao-dich-viec-lam-thang-12-2026/", { width: 390, height: 844 });
  const button = page.locator("a[download][href$='.ics']").first();
  const box = await button.boundingBox();
  if (!box || box.y + box.height > 844) fail(`add-to-calendar is not visible without scrolling on a phone (bottom at ${box && Math.round(box.y + box.height)}px)`); else ok(`add-to-calendar visible on a phone (bottom at ${Math.round(box.y + box.height)}px)`);
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const file = path.join(artifacts, download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  if (!text.startsWith("BEGIN:VCALENDAR") || !file.endsWith(".ics")) fail(`download ${file} is not a calendar`); else ok(`add to calendar: ${download.suggestedFilename()}`);
  await page.close();
}

// 6. Screenshots of the home page, phone and desktop, both languages.
for (const [name, url, viewport] of [
  ["home-vi-phone", "/", { width: 390, height: 844 }],
  ["home-en-phone", "/en/", { width: 390, height: 844 }],
  ["home-vi-desktop", "/", { width: 1280, height: 900 }],
  ["home-en-desktop", "/en/", { width: 1280, height: 900 }],
]) {
  const { page } = await open(url, viewport);
  await page.screenshot({ path: path.join(artifacts, name + ".png") });
  await page.close();
  ok(`screenshot ${name}.png`);
}

// 6b. Photos for phones (issue 10): on a 390 px phone with a 3x screen (the
// heaviest case: it picks the largest file), every page that shows images
// downloads under 150 KB of them, scrolled to the bottom so lazy ones load.
{
  const withImages = [];
  (function walk(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name === "index.html" && /<img\b/.test(readFileSync(f, "utf8"))) {
        withImages.push("/" + path.relative(publicDir, dir).split(path.sep).filter(Boolean).map((s) => s + "/").join(""));
      }
    }
  })(publicDir);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true });
  let heaviest = [0, ""];
  for (const url of withImages) {
    const page = await phone.newPage();
    let bytes = 0;
    page.on("response", async (r) => {
      if (r.request().resourceType() === "image") bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(base + url, { waitUntil: "networkidle" });
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 30)); }
    });
    await page.waitForLoadState("networkidle");
    if (bytes > 150 * 1024) fail(`${url} on a phone: ${Math.round(bytes / 1024)} KB of images (budget 150 KB)`);
    if (bytes > heaviest[0]) heaviest = [bytes, url];
    await page.close();
  }
  if (withImages.length === 0) fail("no page with images found: the photo budget checked nothing");
  else ok(`photos on a phone: ${withImages.length} pages with images, heaviest ${url_kb(heaviest)}`);
  await phone.close();
}
function url_kb([b, u]) { return `${u} at ${(b / 1024).toFixed(1)} KB`; }
await browser.close();

// 7. The W3C Nu checker finds no errors on every page type.
{
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  const files = pages.map((u) => path.join(publicDir, u.endsWith("/") ? u + "index.html" : u)).filter((f) => existsSync(f));
  let out = "";
  try {
    out = execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...files], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = (e.stderr || "") + (e.stdout || "");
  }
  const messages = out.trim() ? JSON.parse(out.trim()).messages.filter((m) => m.type === "error") : [];
  if (messages.length) {
    for (const m of messages.slice(0, 20)) fail(`vnu: ${path.relative(publicDir, decodeURIComponent(m.url.replace("file:", "")))}:${m.lastLine}: ${m.message}`);
  } else ok(`vnu: no errors in ${files.length} pages`);
}

console.log(`${pages.length + 9 - failures.length > 0 ? "" : ""}${failures.length === 0 ? "browser tests passed" : failures.length + " browser failures"}`);
process.exit(failures.length ? 1 : 0);
