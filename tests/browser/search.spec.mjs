// Headless-Chromium test of the search page, from file:// and over HTTP
// under a sub-path. It builds tests/fixtures/search-site with the default
// theme (or uses SEARCH_SITE_DIR, an already built site of that fixture),
// then types queries as a reader would.
//
//   npm ci --prefix tests/browser --ignore-scripts && node --test tests/browser/search.spec.mjs
//
// Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH) and cargo.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const SUB_PATH = "/cours/dossier/";

const FRANCE = "La France et le Royaume-Uni veulent avoir accès plus facilement aux données de communication cryptées des réseaux sociaux";
const GCHQ_ARTICLE = "Le GCHQ britannique veut que Twitter et Facebook coopèrent plus";
const DECLARATION = "Déclaration internationale sur le chiffrement de bout en bout et la sécurité publique";
const PLAN = "Plan d’action franco-britannique contre le terrorisme en ligne";
const TRIBUNE = "Tribune du directeur du GCHQ, Robert Hannigan, dans le Financial Times";

let site;
let tmp;
let server;
let browser;
let httpBase;

/// Copies the fixture and the default theme, then builds with the CLI.
function buildFixture() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-search-"));
  const root = path.join(tmp, "site-src");
  fs.cpSync(path.join(repo, "tests/fixtures/search-site"), root, { recursive: true });
  fs.cpSync(path.join(repo, "themes/dossier"), path.join(root, "themes/dossier"), { recursive: true });
  const out = path.join(tmp, "public");
  const bin = process.env.DOSSIER_BIN;
  const args = ["build", "--root", root, "--output-dir", out];
  if (bin) execFileSync(bin, args, { stdio: "inherit" });
  else execFileSync("cargo", ["run", "--quiet", "--", ...args], { cwd: repo, stdio: "inherit" });
  return out;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json" };

/// A static server on 127.0.0.1 that serves the site under SUB_PATH only.
function serve(dir) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const url = new URL(req.url, "http://localhost");
      if (!url.pathname.startsWith(SUB_PATH)) {
        res.writeHead(404).end();
        return;
      }
      const rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length)) || "index.html";
      const file = path.join(dir, rel);
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      fs.createReadStream(file).pipe(res);
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

before(async () => {
  site = process.env.SEARCH_SITE_DIR || buildFixture();
  server = await serve(site);
  httpBase = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await new Promise((r) => server.close(r));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const modes = {
  "file://": () => pathToFileURL(site).href + "/",
  http: () => httpBase,
};

/// A page that fails the test on any script error or failed request.
async function openPage(url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  // Browsers ask for /favicon.ico on their own; the site has none.
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  return { page, context, problems };
}

/// Types a query into the search field and waits for the announcement.
async function typeQuery(page, q) {
  const input = page.locator("#search-input");
  await input.fill("");
  await input.pressSequentially(q, { delay: 20 });
  await page.waitForFunction(
    (q) => document.getElementById("search-status").textContent.includes(`« ${q} »`),
    q,
  );
}

async function results(page) {
  return page.$$eval(".search-result", (items) => items.map((li) => ({
    kind: li.querySelector(".search-kind").textContent,
    title: li.querySelector("h2 a").textContent,
    href: li.querySelector("h2 a").getAttribute("href"),
    date: li.querySelector("time") ? li.querySelector("time").textContent : null,
    marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
  })));
}

function find(list, title) {
  const r = list.find((x) => x.title === title);
  assert.ok(r, `expected a result titled ${title}, got ${JSON.stringify(list.map((x) => x.title))}`);
  return r;
}

for (const [mode, base] of Object.entries(modes)) {
  test(`${mode}: chiffrés finds the term, the article and the events, ranked, marked`, async () => {
    const { page, context, problems } = await openPage(base() + "search/index.html");
    assert.equal(await page.locator("#search-nojs").isHidden(), true);
    await typeQuery(page, "chiffrés");
    const list = await results(page);
    assert.deepEqual(list.map((r) => r.title), ["Chiffrement", DECLARATION, FRANCE, PLAN]);
    assert.deepEqual(list.map((r) => r.kind), ["Terme", "Événement", "Article", "Événement"]);
    const term = find(list, "Chiffrement");
    assert.equal(term.href, "../glossary/index.html#chiffrement");
    assert.ok(term.marks.includes("chiffrés"), JSON.stringify(term.marks));
    const article = find(list, FRANCE);
    assert.ok(article.marks.some((m) => /^chiffr/i.test(m)), JSON.stringify(article.marks));
    assert.equal(article.date, "juin 2017");
    assert.ok(find(list, DECLARATION).marks.includes("chiffrement"));
    assert.match(await page.locator("#search-status").textContent(), /^4 résultats pour « chiffrés »/);
    assert.equal(await page.locator("#search-status").getAttribute("aria-live"), "polite");
    // The links work from where the page is.
    await page.locator(".search-result h2 a", { hasText: FRANCE }).click();
    await page.waitForURL(/france-royaume-uni-acces-contenus-cryptes\/index\.html$/);
    assert.equal(await page.locator("h1").first().textContent(), FRANCE);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: metadonnees without accents marks métadonnées`, async () => {
    const { page, context, problems } = await openPage(base() + "search/index.html");
    await typeQuery(page, "metadonnees");
    const list = await results(page);
    assert.deepEqual(list.map((r) => r.title), ["Métadonnées", FRANCE]);
    assert.ok(find(list, "Métadonnées").marks.includes("Métadonnées"));
    assert.ok(find(list, FRANCE).marks.includes("métadonnées"));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: GCHQ finds the article, the event and the term`, async () => {
    const { page, context, problems } = await openPage(base() + "search/index.html");
    await typeQuery(page, "GCHQ");
    const list = await results(page);
    assert.deepEqual(list.map((r) => r.title), [GCHQ_ARTICLE, TRIBUNE, "GCHQ"]);
    for (const r of list) assert.ok(r.marks.includes("GCHQ"), `${r.title}: ${JSON.stringify(r.marks)}`);
    const event = find(list, TRIBUNE);
    assert.equal(event.kind, "Événement");
    assert.equal(event.date, "3 novembre 2014");
    assert.equal(event.href, "../timeline/index.html#tribune-hannigan-financial-times");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: a query without hits says so`, async () => {
    const { page, context, problems } = await openPage(base() + "search/index.html");
    await typeQuery(page, "zzzyx");
    assert.equal(await page.locator("#search-status").textContent(), "Aucun résultat pour « zzzyx ».");
    assert.equal(await page.locator(".search-result").count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: the query is in the URL and prefixes match`, async () => {
    const { page, context, problems } = await openPage(base() + "search/index.html?q=chiff");
    await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0);
    assert.equal(await page.locator("#search-input").inputValue(), "chiff");
    assert.equal((await results(page))[0].title, "Chiffrement");
    await typeQuery(page, "gchq");
    if (mode === "http") {
      await page.waitForFunction(() => window.location.search === "?q=gchq");
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: the keyboard moves through results`, async () => {
    const { page, context } = await openPage(base() + "search/index.html");
    await typeQuery(page, "GCHQ");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), GCHQ_ARTICLE);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), TRIBUNE);
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await context.close();
  });

  test(`${mode}: the header form leads to the results`, async () => {
    const { page, context, problems } = await openPage(base() + "glossary/index.html");
    await page.locator("#header-search-q").fill("métadonnées");
    await page.locator("#header-search-q").press("Enter");
    await page.waitForURL(/search\/index\.html\?q=/);
    await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 0);
    assert.equal((await results(page))[0].title, "Métadonnées");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${mode}: without JavaScript the page says so and links elsewhere`, async () => {
    const { page, context } = await openPage(base() + "search/index.html?q=chiffr%C3%A9s", { javaScriptEnabled: false });
    const nojs = page.locator("#search-nojs");
    assert.equal(await nojs.isVisible(), true);
    assert.match(await nojs.textContent(), /La recherche a besoin de JavaScript/);
    const links = await nojs.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links, ["../articles/index.html", "../glossary/index.html", "../timeline/index.html"]);
    await context.close();
  });
}
