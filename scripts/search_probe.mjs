// Runs a built site's own search script (js/search.*.js, as the search page
// loads it) in Node against its own index, with a stand-in DOM and a fetch
// that reads the output folder, and prints for each query what a reader
// would see and what the first search fetched:
//
//   node scripts/search_probe.mjs OUT [--lang vi|en] [--json] [--offline] QUERY...
//
// Term shards are t/, a prefix's top list p/ and its summed list s/.
// Each query runs in a fresh page (nothing cached), so the bytes are those
// of a first search. --json prints one JSON object per query (results,
// total, fetched files with raw and gzip sizes) for comparing two builds:
// `diff <(probe A --json q...) <(probe B --json q...)` after dropping
// `fetched`. --offline loads the offline copy's search/<lang>/index.js
// instead of fetching (for `loa build --offline` output).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const args = process.argv.slice(2);
let out = null, lang = "vi", asJson = false, offline = false;
const queries = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--lang") lang = args[++i];
  else if (a === "--json") asJson = true;
  else if (a === "--offline") offline = true;
  else if (out === null) out = a;
  else queries.push(a);
}
if (!out) {
  console.error("usage: node scripts/search_probe.mjs OUT [--lang vi|en] [--json] [--offline] [QUERY...]");
  process.exit(2);
}
// Without queries: one- and two-word searches a reader might make first, a
// word on nearly every page, accentless input, a short prefix.
if (!queries.length) {
  queries.push(...(lang === "vi"
    ? ["thị trường", "ho tro", "lao động", "nhat ban", "đài loan", "hợp đồng", "xkld", "visa", "th", "ng"]
    : ["japan", "job fair", "workers", "contract", "ja", "loan"]));
}

// The search page: the one whose form points at this language's index.
function findSearchPage() {
  for (const rel of ["tim-kiem/index.html", "en/search/index.html", "search/index.html", "vi/tim-kiem/index.html"]) {
    const file = path.join(out, rel);
    if (!fs.existsSync(file)) continue;
    const html = fs.readFileSync(file, "utf8");
    const form = html.match(/<form[^>]*id=["']?search-form[^>]*>/);
    if (form && /data-index=["']?[^"' >]*search\/([a-z-]+)\//.exec(form[0])?.[1] === lang) return { rel, html, form: form[0] };
  }
  throw new Error(`no search page for language ${lang} under ${out}`);
}
const page = findSearchPage();
function attr(tag, name) {
  const m = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">") : null;
}
const scriptSrc = [...page.html.matchAll(/<script[^>]*src=["']?([^"' >]*search[^"' >]*\.js)/g)].map((m) => m[1]);
const pageUrl = "http://probe.invalid/" + page.rel.replace(/index\.html$/, "");
// A file of the output from a URL the page asks for.
function fileOf(url) {
  const u = new URL(url, pageUrl);
  let p = decodeURIComponent(u.pathname);
  if (p.endsWith("/")) p += "index.html";
  return path.join(out, p);
}
const engine = scriptSrc.find((s) => /js\/search[.\w]*\.js$/.test(s));
const indexScript = scriptSrc.find((s) => /search\/[a-z-]+\/index\.js$/.test(s));
const engineText = fs.readFileSync(fileOf(engine), "utf8");

// A stand-in element: what search.js reads and writes, and no more.
class El {
  constructor(tag, attrs = {}) { this.tag = tag; this.attrs = attrs; this.children = []; this.listeners = {}; this.value = ""; this.className = ""; this._text = ""; }
  getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; }
  setAttribute(n, v) { this.attrs[n] = String(v); }
  addEventListener(t, f) { this.listeners[t] = f; }
  appendChild(c) { this.children.push(c); return c; }
  set textContent(t) { this.children = []; this._text = String(t); }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
  // Text with <mark> shown as [[…]], so highlights are compared too.
  get marked() { return this.tag === "mark" ? `[[${this.textContent}]]` : this._text + this.children.map((c) => c.marked).join(""); }
}
class Text { constructor(t) { this.textContent = t; this.marked = t; } }

async function probe(query) {
  const formTag = page.form;
  const form = new El("form", Object.fromEntries(["data-index", "data-none", "data-results", "data-loading"].map((n) => [n, attr(formTag, n)])));
  const els = { "search-form": form, "search-q": new El("input"), "search-status": new El("p"), "search-results": new El("ol") };
  const fetched = [];
  const url = pageUrl + "?q=" + encodeURIComponent(query);
  const loc = new URL(url);
  const sandbox = {
    URL, URLSearchParams, Promise, JSON, Math, Object, Array, String, RegExp, Error,
    document: { getElementById: (id) => els[id] || null, createElement: (t) => new El(t), createTextNode: (t) => new Text(t) },
    location: { href: loc.href, search: loc.search },
    history: { replaceState() {} },
    fetch: async (u) => {
      const file = fileOf(u);
      if (!fs.existsSync(file)) return { ok: false, status: 404, json: async () => null };
      const bytes = fs.readFileSync(file);
      fetched.push({ path: path.relative(out, file), raw: bytes.length, gz: zlib.gzipSync(bytes, { level: 6 }).length });
      return { ok: true, status: 200, json: async () => JSON.parse(bytes.toString("utf8")) };
    },
  };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  if (offline && indexScript) vm.runInContext(fs.readFileSync(fileOf(indexScript), "utf8"), sandbox);
  vm.runInContext(engineText, sandbox);
  const loading = form.getAttribute("data-loading");
  for (let i = 0; i < 1000 && els["search-status"].textContent === loading; i++) await new Promise((r) => setImmediate(r));
  const results = els["search-results"].children.map((li) => {
    const [h3, meta, p] = li.children;
    const a = h3.children[0];
    return { title: a.marked, href: a.getAttribute("href"), meta: meta.textContent, snippet: p.marked };
  });
  return { query, status: els["search-status"].textContent, results, fetched };
}

let worst = 0, worstShard = 0;
for (const q of queries) {
  const r = await probe(q);
  const gz = r.fetched.reduce((s, f) => s + f.gz, 0);
  if (asJson) {
    console.log(JSON.stringify({ ...r, gz }));
    continue;
  }
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  const by = (re) => r.fetched.filter((f) => re.test(f.path));
  const sum = (fs) => fs.reduce((s, f) => s + f.gz, 0);
  const terms = by(/\/t\//), lists = by(/\/[ps]\//), docs = by(/\/d\//), meta = by(/meta\.json$/);
  const big = Math.max(0, ...terms.concat(lists).map((f) => f.gz));
  worst = Math.max(worst, gz);
  worstShard = Math.max(worstShard, big);
  console.log(`${JSON.stringify(q).padEnd(22)} ${String(r.results.length).padStart(2)} shown  ${kb(gz).padStart(9)} gzip in ${r.fetched.length} files: meta ${kb(sum(meta))}, ${terms.length} term shards ${kb(sum(terms))}, ${lists.length} prefix lists ${kb(sum(lists))} (largest ${kb(big)}), ${docs.length} doc chunks ${kb(sum(docs))}  | ${r.status}`);
}
if (!asJson) {
  // Every shard of the index, fetched or not: term shards and prefix lists.
  let largest = 0, name = "", count = 0;
  for (const sub of ["t", "p", "s"]) {
    const dir = path.join(out, "search", lang, sub);
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const gz = zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 6 }).length;
      count++;
      if (gz > largest) { largest = gz; name = sub + "/" + f; }
    }
  }
  const meta = path.join(out, "search", lang, "meta.json");
  const metaGz = fs.existsSync(meta) ? zlib.gzipSync(fs.readFileSync(meta), { level: 6 }).length : 0;
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  console.log(`largest first search ${kb(worst)} gzip (budget 150 KB: ${worst <= 150 * 1024 ? "met" : "NOT met"}); ` +
    `largest shard fetched ${kb(worstShard)}; largest of all ${count} shards and prefix lists ${name} ${kb(largest)} (limit 50 KB: ${largest <= 50 * 1024 ? "met" : "NOT met"}); meta.json ${kb(metaGz)}`);
}
