// The web editor end to end: `loa serve --editor` on a fixture portal, Decap
// CMS at /admin/ with loa's local backend, a news article written in
// Vietnamese and English and a job fair created through the forms and saved.
// Usage: node editor.mjs <base-url> <artifacts-dir>
// tests/it/browser.rs then checks the files under content/ and builds them.
// Exits non-zero with a list of failures; screenshots go to <artifacts-dir>.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";

const [base, artifacts] = process.argv.slice(2);
if (!base || !artifacts) {
  console.error("usage: node editor.mjs <base-url> <artifacts-dir>");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const failures = [];
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const ok = (what) => console.log("ok   " + what);
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name) });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// No bypassCSP: the editor must work under the policy its page sets.
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => { if (process.env.LOA_DEBUG) console.log("pageerror", e && e.message, e && e.stack); errors.push(String(e && e.message)); });
page.on("response", (r) => { if (process.env.LOA_DEBUG && r.status() === 404) console.log("404", r.url()); });
page.on("console", (m) => { if (process.env.LOA_DEBUG) console.log("console", m.type(), m.text().slice(0, 400)); });
page.on("console", (m) => {
  // Decap logs a missing preview-path warning and React development notes as errors on some versions; CSP violations are what matter here.
  if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
});
const saves = [];
page.on("response", async (r) => {
  if (r.url().endsWith("/api/v1") && r.request().method() === "POST") {
    const body = r.request().postData() || "";
    if (body.includes("persistEntry")) saves.push({ status: r.status(), text: await r.text().catch(() => "") });
  }
});

async function step(name, fn) {
  try {
    await fn();
    ok(name);
  } catch (e) {
    fail(`${name}: ${String(e).split("\n")[0]}`);
  }
}

async function publish(label) {
  const before = saves.length;
  await page.getByRole("button", { name: "Công bố", exact: true }).click();
  await page.getByText("Công bố ngay", { exact: true }).click();
  const until = Date.now() + 20000;
  while (saves.length === before && Date.now() < until) await page.waitForTimeout(200);
  const last = saves[saves.length - 1];
  if (saves.length === before) throw new Error(`${label}: nothing was saved`);
  if (last.status !== 200) throw new Error(`${label}: the save was refused (${last.status}): ${last.text}`);
  await page.waitForTimeout(1000);
}

// The inputs labelled `label` (Decap adds "(không bắt buộc)" to optional
// fields): one per language column, Vietnamese first.
const field = (label) =>
  page.getByLabel(new RegExp("^" + label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + "( \\(|$)"));

// A select (react-select) in column `nth` (0 Vietnamese, 1 English).
async function choose(label, option, nth = 0) {
  const input = field(label).nth(nth);
  await input.click();
  await page.getByText(option, { exact: true }).first().click();
}

async function body(nth, text) {
  const editor = page.locator('[data-slate-editor="true"]').nth(nth);
  await editor.click();
  await page.keyboard.type(text);
}

await step("the editor page loads with the Vietnamese interface", async () => {
  const resp = await page.goto(base + "admin/", { waitUntil: "load" });
  if (!resp || resp.status() !== 200) throw new Error(`status ${resp && resp.status()}`);
  const robots = await page.locator('meta[name="robots"]').getAttribute("content");
  if (!/noindex/.test(robots || "")) throw new Error("no noindex");
  await page.getByRole("button", { name: "Đăng nhập" }).waitFor({ timeout: 20000 });
  await shot(page, "editor-login.png");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("link", { name: "Tin tức" }).first().click({ timeout: 20000 });
  await page.getByText("Bài cũ").first().waitFor({ timeout: 20000 });
  await shot(page, "editor-collections.png");
});

const article = {
  vi: "Đồng Tháp mở lớp tiếng Nhật miễn phí cho người lao động",
  en: "Đồng Tháp opens free Japanese classes for workers",
  slug: "dong-thap-mo-lop-tieng-nhat-mien-phi-cho-nguoi-lao-dong",
};

await step("a news article is written in Vietnamese and English and saved", async () => {
  await page.goto(base + "admin/#/collections/tin-tuc/new");
  const title = page.getByLabel("Tiêu đề", { exact: true });
  await title.first().waitFor({ timeout: 20000 });
  await title.nth(0).fill(article.vi);
  await field("Tóm tắt").nth(0).fill("Lớp học bắt đầu từ tháng 3.");
  await choose("Thị trường", "Nhật Bản", 0);
  await body(0, "Lớp học dành cho người lao động đã đăng ký.");
  await title.nth(1).fill(article.en);
  await body(1, "The classes are for registered workers.");
  await shot(page, "editor-article.png");
  await publish("article");
});

await step("a job fair is created with its times and place and saved", async () => {
  await page.goto(base + "admin/#/collections/phien-giao-dich/new");
  const title = page.getByLabel("Tiêu đề", { exact: true });
  await title.first().waitFor({ timeout: 20000 });
  await title.nth(0).fill("Phiên giao dịch việc làm tháng 4/2027");
  await page.getByLabel("Bắt đầu", { exact: true }).nth(0).fill("2027-04-15T07:30");
  await page.getByLabel("Kết thúc", { exact: true }).nth(0).fill("2027-04-15T11:30");
  await page.getByLabel("Địa điểm", { exact: true }).nth(0).fill("Trung tâm Dịch vụ việc làm tỉnh");
  await choose("Huyện, thành phố", "Cao Lãnh", 0);
  await body(0, "Tuyển lao động đi Nhật Bản và Hàn Quốc.");
  await page.getByLabel("Bắt đầu", { exact: true }).nth(0).scrollIntoViewIfNeeded();
  await shot(page, "editor-job-fair.png");
  await publish("job fair");
});

await step("a job fair without its place is refused by the editor", async () => {
  await page.goto(base + "admin/#/collections/phien-giao-dich/new");
  const title = page.getByLabel("Tiêu đề", { exact: true });
  await title.first().waitFor({ timeout: 20000 });
  await title.nth(0).fill("Phiên thiếu địa điểm");
  const before = saves.length;
  const errorsBefore = errors.length;
  await page.getByRole("button", { name: "Công bố", exact: true }).click();
  await page.getByText("Công bố ngay", { exact: true }).click();
  await page.waitForTimeout(1500);
  if (saves.length !== before) throw new Error("Decap saved a job fair without its required fields");
  // Decap rejects its own save with an empty error when fields are missing.
  errors.splice(errorsBefore);
  if (!(await page.getByText(/bắt buộc/i).first().isVisible())) throw new Error("no message says which field is required");
  await shot(page, "editor-required.png");
});

await step("the saved article shows on the preview", async () => {
  const until = Date.now() + 30000;
  let status = 0;
  while (Date.now() < until) {
    const r = await page.request.get(base + `tin-tuc/${article.slug}/`);
    status = r.status();
    if (status === 200 && (await r.text()).includes(article.vi)) break;
    await page.waitForTimeout(500);
  }
  if (status !== 200) throw new Error(`/tin-tuc/${article.slug}/ answered ${status}`);
  await page.goto(base + `tin-tuc/${article.slug}/`);
  await shot(page, "editor-preview.png");
});

if (errors.length) fail("errors on the editor page: " + errors.slice(0, 3).join(" | "));
await browser.close();
if (failures.length) {
  console.log(`${failures.length} failure(s)`);
  process.exit(1);
}
console.log("all editor checks passed");
