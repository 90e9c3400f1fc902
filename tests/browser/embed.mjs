// Headless Chromium checks of the embed views, the Content-Security-Policy
// and the SCORM runtime. Run by tests/embed_browser.rs, which builds the
// sites first:
//
//   node embed.mjs SITE_DIR SCORM_DIR
//
// SITE_DIR is a built dossier, served under a sub-path (/any/sub/path/);
// SCORM_DIR is an unzipped SCORM package, served under /scorm/. Every
// response carries `Content-Security-Policy: default-src 'self'`, the
// course pages included. Exits non-zero on the first failed check.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [siteDir, scormDir] = process.argv.slice(2);
if (!siteDir || !scormDir) {
  console.error("usage: node embed.mjs SITE_DIR SCORM_DIR");
  process.exit(2);
}
const SUB = "/any/sub/path/";
const CSP = "default-src 'self'";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
};

// Course pages, as a teacher would paste the snippet into them.
const COURSE = {
  "/course.html": `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Cours</title></head>
<body><h1>Cours</h1>
<iframe id="frise" src="${SUB}embed/timeline/index.html" title="Chronologie" width="100%" height="600" loading="lazy"></iframe>
<script src="${SUB}dossier-embed.js" defer></script>
</body></html>`,
  // A platform that stripped the script: the iframe keeps its height.
  "/course-stripped.html": `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Cours</title></head>
<body><iframe id="frise" src="${SUB}embed/timeline/index.html" title="Chronologie" width="100%" height="200"></iframe></body></html>`,
  // A learning platform: the SCORM 1.2 API object on the launching window.
  "/lms.html": `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title>
<script src="/fake-lms.js"></script></head>
<body><iframe id="sco" src="/scorm/index.html" title="Module" width="800" height="400"></iframe></body></html>`,
  "/fake-lms.js": `window.calls = [];
window.lmsValues = { "cmi.core.lesson_status": "not attempted" };
window.API = {
  LMSInitialize: function (a) { calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue: function (k) { calls.push(["LMSGetValue", k]); return lmsValues[k] || ""; },
  LMSSetValue: function (k, v) { calls.push(["LMSSetValue", k, v]); lmsValues[k] = v; return "true"; },
  LMSCommit: function (a) { calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish: function (a) { calls.push(["LMSFinish", a]); return "true"; },
  LMSGetLastError: function () { return "0"; },
  LMSGetErrorString: function () { return ""; },
  LMSGetDiagnostic: function () { return ""; }
};`,
};

function fileFor(urlPath) {
  const clean = decodeURIComponent(urlPath.split("?")[0]);
  let base, rel;
  if (clean.startsWith(SUB)) [base, rel] = [siteDir, clean.slice(SUB.length)];
  else if (clean.startsWith("/scorm/")) [base, rel] = [scormDir, clean.slice("/scorm/".length)];
  else return null;
  const file = path.resolve(base, rel);
  if (!file.startsWith(path.resolve(base) + path.sep)) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

const server = http.createServer((req, res) => {
  const headers = { "Content-Security-Policy": CSP };
  const course = COURSE[req.url];
  if (course) {
    const type = req.url.endsWith(".js") ? TYPES[".js"] : TYPES[".html"];
    res.writeHead(200, { ...headers, "Content-Type": type });
    return res.end(course);
  }
  if (req.url === "/favicon.ico") {
    // Chromium asks every origin for one; the dossier declares none.
    res.writeHead(204, headers);
    return res.end();
  }
  const file = fileFor(req.url);
  if (!file) {
    res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
    return res.end("not found");
  }
  const type = TYPES[path.extname(file)] || "application/octet-stream";
  res.writeHead(200, { ...headers, "Content-Type": type });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});

let failures = 0;
let passed = 0;
async function check(name, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await fn(page, problems);
    assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`not ok - ${name}\n${e.stack || e}`);
  } finally {
    await context.close();
  }
}

function frameOf(page, fragment) {
  return page.frames().find((f) => f.url().includes(fragment));
}

await check("the course page sizes the iframe from the embed's height message", async (page) => {
  await page.goto(`${origin}/course.html`);
  const frise = page.locator("#frise");
  await page.waitForFunction(() => document.getElementById("frise").getAttribute("height") !== "600");
  const frame = frameOf(page, "embed/timeline/");
  await frame.waitForLoadState("load");
  // Let the last resize settle, then compare with the content's height.
  await page.waitForTimeout(200);
  const attr = Number(await frise.getAttribute("height"));
  const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  assert.ok(Math.abs(attr - Math.max(150, content)) <= 1, `iframe height ${attr}, content ${content}`);
  // The iframe's inner height (borders aside) is the attribute's.
  const inner = await frise.evaluate((el) => el.clientHeight);
  assert.ok(Math.abs(inner - attr) <= 1, `rendered ${inner}, attribute ${attr}`);
  const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
  assert.equal(scrolls, false, "the embed has no scroll bar of its own");

  // Opening a <details> makes the content taller: the iframe follows.
  const summary = frame.locator("details.sources summary").first();
  if ((await summary.count()) > 0) {
    await summary.click();
    await page.waitForFunction((h) => Number(document.getElementById("frise").getAttribute("height")) > h, attr);
  }
  // Links leave the iframe for a new tab.
  const targets = await frame.evaluate(() =>
    Array.from(document.querySelectorAll("a[href]"))
      .filter((a) => !a.getAttribute("href").startsWith("#"))
      .map((a) => a.target)
  );
  assert.ok(targets.length > 0 && targets.every((t) => t === "_blank"), JSON.stringify(targets));
});

await check("without the helper script the embed keeps its height and scrolls", async (page) => {
  await page.goto(`${origin}/course-stripped.html`);
  const frame = frameOf(page, "embed/timeline/");
  await frame.waitForLoadState("load");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#frise").getAttribute("height"), "200");
  const scrollable = await frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
  assert.ok(scrollable, "the content scrolls inside the iframe");
  await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const y = await frame.evaluate(() => window.scrollY);
  assert.ok(y > 0, "scrolled");
});

const pages = [];
(function walk(dir, rel) {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
    else if (name.endsWith(".html")) pages.push(`${rel}${name}`);
  }
})(siteDir, "");

await check(`all ${pages.length} pages load under the CSP, from a sub-path, without errors`, async (page, problems) => {
  for (const rel of pages) {
    const before = problems.length;
    await page.goto(`${origin}${SUB}${rel}`, { waitUntil: "load" });
    if (problems.length > before) problems.push(`  (on ${rel})`);
    // Stylesheets applied: the theme's colours are set.
    const styled = await page.evaluate(() => getComputedStyle(document.body).backgroundColor !== "rgba(0, 0, 0, 0)");
    assert.ok(styled, `${rel} has no stylesheet`);
  }
});

await check("the SCORM runtime reports a read page to the platform", async (page) => {
  await page.clock.install();
  await page.goto(`${origin}/lms.html`);
  const frame = frameOf(page, "/scorm/");
  await frame.waitForLoadState("load");
  await page.waitForFunction(() => window.calls.some((c) => c[0] === "LMSInitialize"));
  let calls = await page.evaluate(() => window.calls);
  assert.deepEqual(calls[0], ["LMSInitialize", ""]);
  assert.ok(calls.some((c) => c[0] === "LMSSetValue" && c[2] === "incomplete"), JSON.stringify(calls));
  assert.ok(!calls.some((c) => c[2] === "completed"), "not completed before being read");

  await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.clock.fastForward(11000);
  await page.waitForFunction(() => window.calls.some((c) => c[2] === "completed"));
  calls = await page.evaluate(() => window.calls);
  const done = calls.findIndex((c) => c[0] === "LMSSetValue" && c[1] === "cmi.core.lesson_status" && c[2] === "completed");
  assert.ok(calls.slice(done).some((c) => c[0] === "LMSCommit"), "committed after completion");

  // Leaving the page closes the session.
  await page.evaluate(() => document.getElementById("sco").remove());
  await page.waitForFunction(() => window.calls.some((c) => c[0] === "LMSFinish"));
  calls = await page.evaluate(() => window.calls);
  assert.ok(calls.some((c) => c[0] === "LMSSetValue" && c[1] === "cmi.core.session_time" && /^\d{2,4}:\d\d:\d\d$/.test(c[2])), JSON.stringify(calls));
});

await check("the SCORM pages do nothing outside a platform", async (page) => {
  await page.goto(`${origin}/scorm/glossary/index.html`);
  await page.waitForTimeout(200);
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
