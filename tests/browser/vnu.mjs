#!/usr/bin/env node
// HTML validity: runs the Nu HTML Checker (the W3C validator, npm package
// vnu-jar) with the machine's Java over every .html and .css file of the
// built sites given as arguments, in one JVM. Any error fails the run.
//
//   node tests/browser/vnu.mjs <built-site-dir>...
//
// Exit codes: 0 no error, 1 validation errors, 2 the checker cannot run.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { filesUnder } from "./lib/site.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const jar = join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

function fail(message, code = 2) {
  console.error(`vnu: ${message}`);
  process.exit(code);
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) fail("usage: node tests/browser/vnu.mjs <built-site-dir>...");
if (!existsSync(jar)) {
  fail(`${jar} is missing: run bash .ci/run or npm ci --prefix tests/browser`);
}

const files = dirs.flatMap((d) => filesUnder(d).filter((f) => f.endsWith(".html") || f.endsWith(".css")));
if (!files.some((f) => f.endsWith(".html"))) fail(`no HTML page in ${dirs.join(", ")}`);

const run = spawnSync(
  "java",
  ["-Xss4m", "-jar", jar, "--errors-only", "--also-check-css", "--format", "gnu", ...files],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (run.error) {
  fail(`cannot run java (${run.error.message}): install a JRE (apt-get install default-jre-headless) or run bash .ci/run`);
}
const report = `${run.stdout}${run.stderr}`.trim();
if (run.status !== 0 || report !== "") {
  console.error(report);
  const errors = report.split("\n").filter((l) => l.includes("error")).length;
  fail(`${errors} error(s) in ${files.length} files`, 1);
}
console.log(`vnu: ${files.length} files (HTML and CSS) valid, 0 errors`);
