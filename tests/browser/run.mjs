#!/usr/bin/env node
// What a reader gets, checked in a real browser (headless Chromium driven
// by playwright-core), over built dossiers given as arguments:
//
//   node tests/browser/run.mjs [--lang fr] [--base-url URL] [--screenshots DIR] [name=]<built-site-dir>...
//
// Pages are opened from file://, where a dossier must work. With
// --base-url (the URL the sites were built with), requests under it are
// answered from the site's files, as the server would: the 404 page links
// absolutely, since a server shows it at any path.
//
// For EVERY HTML page of each site, in light and in dark color scheme:
//   - axe-core finds no violation (all rules but experimental ones:
//     WCAG A/AA, contrast, landmarks, headings, best practices);
//   - no console error, no uncaught exception, no failed request, no request
//     outside the site (everything loads from file://);
// and once per page (light):
//   - `lang` is set (the site's language, except article pages, which
//     carry their own), one <main>, one <h1>, every <img> has `alt`;
//   - no inline script, no style="" attribute, no render-blocking script
//     (every script is defer/async/module or at the end of <body>);
//   - HTML + CSS + JS of the page weigh under 100 KB, uncompressed;
//   - timeline and glossary: every entry reachable by a heading, sections
//     labelled by their heading, an index in a <nav> landmark.
// For one page of each type (the largest: see lib/site.mjs):
//   - keyboard: the first Tab lands on the skip link, which is visible and
//     has a focus outline; Enter moves focus to <main>; the next links
//     show a focus outline too;
//   - screenshots at 375 px (phone) and 1280 px, light and dark, full page,
//     under target/screenshots/<site>/<type>-<width>-<scheme>.png.
//
// Page types are read from output paths (lib/site.mjs): a type produced by
// a later feature (embed/, print/, search/) is covered as soon as the build
// writes it. Exit codes: 0 all good, 1 failures (listed), 2 cannot run.

import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { pagesOf, representatives } from "./lib/site.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
const BUDGET_BYTES = 100 * 1024;
// The print view is the whole dossier on one page, on purpose (to print or
// save as PDF): its size is the dossier's size, which no fixed budget can
// bound. Every page a reader browses is held to the budget.
const BUDGET_EXEMPT = new Set(["print"]);
const WIDTHS = [375, 1280];
const SCHEMES = ["light", "dark"];
const FOCUS_STEPS = 12;

function cannotRun(message) {
  console.error(`browser tests cannot run: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { lang: "fr", screenshots: "target/screenshots", baseUrl: null, sites: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lang") opts.lang = argv[++i];
    else if (a === "--base-url") opts.baseUrl = argv[++i];
    else if (a === "--screenshots") opts.screenshots = argv[++i];
    else {
      const eq = a.indexOf("=");
      const [name, dir] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [null, a];
      const abs = resolve(dir);
      opts.sites.push({ name: name || abs.split("/").filter(Boolean).pop(), dir: abs });
    }
  }
  if (opts.sites.length === 0) cannotRun("usage: node tests/browser/run.mjs [--lang fr] [--base-url URL] [--screenshots DIR] [name=]<built-site-dir>...");
  for (const s of opts.sites) {
    if (!existsSync(join(s.dir, "index.html"))) cannotRun(`${s.dir} has no index.html: build the site first`);
  }
  return opts;
}

async function loadTools() {
  if (!existsSync(CHROMIUM)) cannotRun(`${CHROMIUM} is missing: apt-get install chromium (or run bash .ci/run)`);
  const axePath = join(here, "node_modules", "axe-core", "axe.min.js");
  if (!existsSync(axePath)) cannotRun("node_modules is missing: run bash .ci/run or npm ci --prefix tests/browser");
  const { chromium } = await import("playwright-core");
  return { chromium, axeSource: readFileSync(axePath, "utf8") };
}

/** Answers requests under `baseUrl` with the site's files, like its server. */
async function serveBaseUrl(context, baseUrl, dir) {
  await context.route(`${baseUrl}**`, async (route) => {
    let rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(baseUrl).pathname.length));
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = join(dir, rel);
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) await route.fulfill({ path: file });
    else await route.fulfill({ status: 404, body: "not found" });
  });
}

/** Failures, each with the site, page and check that found it. */
class Failures {
  constructor() { this.list = []; }
  add(site, page, check, detail) { this.list.push(`${site.name}/${page.path} [${check}] ${detail}`); }
}

/** Opens `page` and records console errors and failed or outside requests. */
async function open(tab, page, baseUrl) {
  const problems = [];
  const onConsole = (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); };
  const onPageError = (e) => problems.push(`uncaught exception: ${e.message}`);
  const onRequestFailed = (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  const onRequest = (r) => {
    const url = r.url();
    const inSite = url.startsWith("file:") || url.startsWith("data:") || (baseUrl && url.startsWith(baseUrl));
    if (!inSite) problems.push(`request outside the site: ${url}`);
  };
  tab.on("console", onConsole);
  tab.on("pageerror", onPageError);
  tab.on("requestfailed", onRequestFailed);
  tab.on("request", onRequest);
  try {
    await tab.goto(pathToFileURL(page.file).href, { waitUntil: "load", timeout: 30_000 });
  } catch (e) {
    problems.push(`cannot load: ${e.message}`);
  }
  return () => {
    tab.off("console", onConsole);
    tab.off("pageerror", onPageError);
    tab.off("requestfailed", onRequestFailed);
    tab.off("request", onRequest);
    return problems;
  };
}

async function runAxe(tab, axeSource) {
  const hasAxe = await tab.evaluate(() => typeof window.axe !== "undefined");
  if (!hasAxe) await tab.evaluate(axeSource);
  return tab.evaluate(async () => {
    // preload: false, because axe would fetch the stylesheets again with
    // XMLHttpRequest, which Chromium refuses on file:// (the rules read the
    // styles the page already applied).
    const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
      count: v.nodes.length,
    }));
  });
}

/** Structure, scripts and resources of the page, read in the browser. */
function readStructure() {
  const visibleHeading = (el) => el && /^H[1-6]$/.test(el.tagName);
  const scripts = [...document.querySelectorAll("script")];
  const executable = (s) => !s.type || /^(text|application)\/(javascript|ecmascript)$|^module$/i.test(s.type);
  const bodyEnd = (s) => {
    // At the end: only scripts (or nothing) follow it in document order.
    let el = s;
    while (el && el !== document.body) {
      for (let n = el.nextElementSibling; n; n = n.nextElementSibling) if (n.tagName !== "SCRIPT") return false;
      el = el.parentElement;
    }
    return el === document.body;
  };
  return {
    lang: document.documentElement.getAttribute("lang"),
    mains: document.querySelectorAll("main, [role=main]").length,
    h1s: document.querySelectorAll("h1").length,
    imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].map((i) => i.getAttribute("src")),
    inlineScripts: scripts.filter((s) => !s.src && executable(s)).length,
    styleAttributes: [...document.querySelectorAll("[style]")].map((e) => e.tagName.toLowerCase()),
    blockingScripts: scripts
      .filter((s) => s.src && executable(s) && !s.defer && !s.async && s.type !== "module" && !bodyEnd(s))
      .map((s) => s.getAttribute("src")),
    resources: [
      ...[...document.querySelectorAll('link[rel~="stylesheet"][href]')].map((l) => l.href),
      ...scripts.filter((s) => s.src).map((s) => s.src),
    ],
    timelineItems: [...document.querySelectorAll(".timeline-item")].map((li) => ({
      id: li.id,
      heading: !!li.querySelector("h2, h3, h4"),
    })),
    glossaryEntries: [...document.querySelectorAll(".term-entry")].map((t) => {
      const section = t.closest("section[aria-labelledby]");
      const label = section && document.getElementById(section.getAttribute("aria-labelledby"));
      return { id: t.id, labelled: visibleHeading(label) };
    }),
    navsInMain: document.querySelectorAll("main nav, main [role=navigation]").length,
  };
}

function checkStructure(s, page, expectedLang, fail) {
  if (!s.lang) fail("lang", "<html> has no lang attribute");
  else if (page.type !== "article" && s.lang !== expectedLang) fail("lang", `lang="${s.lang}", expected "${expectedLang}"`);
  if (s.mains !== 1) fail("landmarks", `${s.mains} <main> landmarks, expected 1`);
  if (s.h1s !== 1) fail("headings", `${s.h1s} <h1>, expected 1`);
  for (const src of s.imagesWithoutAlt) fail("alt", `<img src="${src}"> has no alt attribute`);
  if (s.inlineScripts) fail("no-inline", `${s.inlineScripts} inline <script> (scripts must be files)`);
  if (s.styleAttributes.length) fail("no-inline", `style="" on <${s.styleAttributes.join(">, <")}>`);
  for (const src of s.blockingScripts) fail("render-blocking", `<script src="${src}"> is neither defer/async nor at the end of <body>`);
  const items = page.type === "timeline" ? s.timelineItems : page.type === "glossary" ? s.glossaryEntries : [];
  for (const it of items) {
    if (it.heading === false) fail("navigable", `timeline entry #${it.id} has no heading`);
    if (it.labelled === false) fail("navigable", `glossary entry #${it.id} is not in a section labelled by a heading`);
  }
  if (items.length > 0 && s.navsInMain === 0) fail("navigable", "no <nav> index (years or letters) in <main>");
}

/** HTML + CSS + JS bytes, from the files the page references. */
function pageWeight(page, resources) {
  let bytes = statSync(page.file).size;
  const seen = new Set();
  for (const url of resources) {
    if (!url.startsWith("file:") || seen.has(url)) continue;
    seen.add(url);
    const path = fileURLToPath(url.split("#")[0].split("?")[0]);
    if (existsSync(path)) bytes += statSync(path).size;
  }
  return bytes;
}

/** Whether the focused element shows a focus indicator. */
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute("href"),
    text: (el.textContent || "").trim().slice(0, 40),
    outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0,
    shadow: cs.boxShadow !== "none",
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    isFirstFocusable: el === document.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"),
    targetIsMain: (() => {
      const href = el.getAttribute("href") || "";
      const t = href.startsWith("#") ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
      return !!t && (t.tagName === "MAIN" || t.getAttribute("role") === "main");
    })(),
    isMain: el.tagName === "MAIN" || el.getAttribute("role") === "main",
  };
}

/** Whether a focusable element comes before <main>: only then does the page
 *  need a skip link (WCAG 2.4.1, bypass blocks). The print view has nothing
 *  before its content. */
function focusableBeforeMain() {
  const main = document.querySelector("main, [role=main]");
  const all = document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
  // No <main>, or nothing to focus at all: check the skip link, which fails.
  if (!main || all.length === 0) return true;
  return Array.prototype.some.call(all, (el) => !main.contains(el) && (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING));
}

async function checkKeyboard(tab, fail) {
  if (!(await tab.evaluate(focusableBeforeMain))) return checkFocusOutlines(tab, fail);
  await tab.keyboard.press("Tab");
  const skip = await tab.evaluate(focusState);
  if (!skip) return fail("keyboard", "Tab focuses nothing");
  if (!skip.isFirstFocusable) fail("keyboard", `first Tab lands on <${skip.tag}> "${skip.text}", not the first focusable element`);
  if (!skip.targetIsMain) fail("keyboard", `first focusable element (${skip.tag} "${skip.text}") is not a skip link to <main>`);
  if (!skip.visible) fail("keyboard", "the skip link is not visible when focused");
  if (!skip.outline && !skip.shadow) fail("focus-visible", "the skip link has no focus outline");
  await tab.keyboard.press("Enter");
  const afterSkip = await tab.evaluate(focusState);
  if (!afterSkip?.isMain) fail("keyboard", `Enter on the skip link leaves focus on ${afterSkip ? afterSkip.tag : "nothing"}, not <main>`);
  await checkFocusOutlines(tab, fail);
}

/** The next focusable elements all show a focus indicator. */
async function checkFocusOutlines(tab, fail) {
  for (let i = 0; i < FOCUS_STEPS; i++) {
    await tab.keyboard.press("Tab");
    const f = await tab.evaluate(focusState);
    if (!f) break;
    if (!f.outline && !f.shadow) fail("focus-visible", `<${f.tag}> "${f.text}" has no focus outline`);
  }
}

async function checkSite(browser, axeSource, site, opts, failures) {
  const pages = pagesOf(site.dir);
  const reps = representatives(pages);
  const shotDir = join(opts.screenshots, site.name);
  mkdirSync(shotDir, { recursive: true });
  const stats = { pages: pages.length, axeRuns: 0, heaviest: { path: "", bytes: 0 }, shots: 0 };
  for (const scheme of SCHEMES) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    if (opts.baseUrl) await serveBaseUrl(context, opts.baseUrl, site.dir);
    const tab = await context.newPage();
    for (const page of pages) {
      const fail = (check, detail) => failures.add(site, page, `${check}, ${scheme}`, detail);
      const done = await open(tab, page, opts.baseUrl);
      for (const v of await runAxe(tab, axeSource)) {
        fail(`axe ${v.id}`, `${v.help} (${v.count} element(s)): ${v.nodes.join(" | ")}`);
      }
      stats.axeRuns++;
      if (scheme === "light") {
        const s = await tab.evaluate(readStructure);
        checkStructure(s, page, opts.lang, (c, d) => failures.add(site, page, c, d));
        const bytes = pageWeight(page, s.resources);
        if (bytes > stats.heaviest.bytes) stats.heaviest = { path: page.path, bytes };
        if (bytes > BUDGET_BYTES && !BUDGET_EXEMPT.has(page.type)) failures.add(site, page, "budget", `HTML+CSS+JS = ${bytes} bytes > ${BUDGET_BYTES}`);
      }
      for (const p of done()) fail("browser", p);
    }
    for (const page of reps) {
      if (scheme === "light") {
        (await open(tab, page, opts.baseUrl))();
        await checkKeyboard(tab, (c, d) => failures.add(site, page, c, d));
      }
      for (const width of WIDTHS) {
        await tab.setViewportSize({ width, height: 900 });
        const done = await open(tab, page, opts.baseUrl);
        await tab.screenshot({ path: join(shotDir, `${page.type}-${width}-${scheme}.png`), fullPage: true });
        stats.shots++;
        const hScroll = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (hScroll > 0) failures.add(site, page, `layout, ${width}px ${scheme}`, `the page scrolls sideways by ${hScroll}px`);
        for (const p of done()) failures.add(site, page, `browser, ${width}px ${scheme}`, p);
      }
      await tab.setViewportSize({ width: 1280, height: 900 });
    }
    await context.close();
  }
  const types = reps.map((r) => r.type).join(", ");
  console.log(
    `${site.name}: ${stats.pages} pages (${types}); ${stats.axeRuns} axe runs; ` +
      `heaviest ${stats.heaviest.path} ${stats.heaviest.bytes} bytes; ${stats.shots} screenshots in ${shotDir}`,
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { chromium, axeSource } = await loadTools();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  } catch (e) {
    cannotRun(`Chromium does not start: ${e.message}`);
  }
  const failures = new Failures();
  try {
    for (const site of opts.sites) await checkSite(browser, axeSource, site, opts, failures);
  } finally {
    await browser.close();
  }
  if (failures.list.length) {
    console.error(failures.list.join("\n"));
    console.error(`browser checks: ${failures.list.length} failure(s)`);
    process.exit(1);
  }
  console.log("browser checks: all passed");
}

await main();
