// Time to first search result in headless Chromium, from file:// and over
// HTTP (a local static server on 127.0.0.1), on a built site.
//
//   node query-time.mjs SITE_DIR [RUNS]
//
// For each query: "cold" opens search/index.html?q=… in a fresh browser
// context (nothing cached) and measures from navigation start to the first
// result in the list; "warm" submits the query on an already open page
// (index files of earlier queries may be loaded) and measures from the
// submit to the first result. The baseline, measured in the same run, is
// the time to the load event of the search page without a query. Over
// HTTP it also counts the bytes a cold query downloads. Prints JSON.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, "../../tests/browser/package.json"));
const { chromium } = require("playwright-core");

const [siteArg, runsArg = "5"] = process.argv.slice(2);
const site = path.resolve(siteArg);
const RUNS = Number(runsArg);
const QUERIES = ["chiffrement", "gchq", "metadonnees", "chiff", "accès aux données chiffrées"];

function serve(dir) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).slice(1) || "index.html";
      const file = path.join(dir, rel);
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
      const type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".html") ? "text/html; charset=utf-8" : "text/css";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      fs.createReadStream(file).pipe(res);
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

// Records when the first result appears, relative to navigation start.
const OBSERVE = `
  window.__firstResult = null;
  new MutationObserver(function (_, obs) {
    if (document.querySelector('.search-result')) { window.__firstResult = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });`;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function measure(browser, base, countBytes) {
  const out = { baseline_ms: [], queries: {} };
  async function baseline() {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(base + "search/index.html", { waitUntil: "load" });
    const t = await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventStart);
    await ctx.close();
    return t;
  }
  await baseline(); // warm-up: the first page of a browser pays for its start
  for (const q of QUERIES) {
    const cold = [], warm = [], bytes = [];
    let hits = 0;
    for (let i = 0; i < RUNS; i++) {
      out.baseline_ms.push(await baseline());
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.addInitScript(OBSERVE);
      let n = 0;
      if (countBytes) page.on("response", async (r) => { try { n += (await r.body()).length; } catch { /* aborted */ } });
      await page.goto(base + "search/index.html?q=" + encodeURIComponent(q));
      await page.waitForFunction(() => window.__firstResult !== null, null, { timeout: 60000 });
      cold.push(await page.evaluate(() => window.__firstResult));
      hits = await page.evaluate(() => document.getElementById("search-status").textContent);
      await page.waitForLoadState("networkidle");
      bytes.push(n);
      // Warm: another query on the same page, then this one again.
      const t = await page.evaluate((q) => new Promise((resolve) => {
        const list = document.getElementById("search-results");
        const input = document.getElementById("search-input");
        const form = document.getElementById("search-form");
        input.value = "gchq";
        form.requestSubmit();
        setTimeout(() => {
          list.textContent = "";
          const obs = new MutationObserver(() => {
            if (list.querySelector(".search-result")) { obs.disconnect(); resolve(performance.now() - t0); }
          });
          obs.observe(list, { childList: true });
          input.value = q;
          const t0 = performance.now();
          form.requestSubmit();
        }, 300);
      }), q);
      warm.push(t);
      await ctx.close();
    }
    out.queries[q] = { status: hits, cold_ms: median(cold), warm_ms: median(warm), ...(countBytes ? { cold_bytes: median(bytes) } : {}) };
  }
  out.baseline_ms = median(out.baseline_ms);
  return out;
}

const server = await serve(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const result = {
    file: await measure(browser, pathToFileURL(site).href + "/", false),
    http: await measure(browser, `http://127.0.0.1:${server.address().port}/`, true),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  server.close();
}
