// What the harness knows about a built dossier: its files, and the type of
// each page, read from its path. The list of pages is data-driven: every
// HTML file of the built site is checked, and a page type (embed, print,
// search…) is covered as soon as a build produces files at its path.

import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Every file under `dir`, as absolute paths, sorted. */
export function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Page types by output path (site-relative, `/`-separated). The first
 * matching rule wins; anything else is a plain page (content/*.md).
 */
const PAGE_TYPES = [
  ["home", /^index\.html$/],
  ["404", /^404\.html$/],
  ["articles", /^articles\/index\.html$/],
  ["article", /^articles\/[^/]+\/index\.html$/],
  ["tags", /^tags\/index\.html$/],
  ["tag", /^tags\/[^/]+\/index\.html$/],
  ["timeline", /^timeline\/index\.html$/],
  ["glossary", /^glossary\/index\.html$/],
  ["search", /^(search|recherche)\/index\.html$/],
  ["print", /^(print|imprimer)\//],
  ["embed", /^embed\//],
];

/** The type of the page at site-relative `path`. */
export function pageType(path) {
  for (const [type, re] of PAGE_TYPES) if (re.test(path)) return type;
  return "page";
}

/** Every HTML page of a built site: `{ file, path, type }`. */
export function pagesOf(dir) {
  return filesUnder(dir)
    .filter((f) => f.endsWith(".html"))
    .map((file) => {
      const path = relative(dir, file).split(sep).join("/");
      return { file, path, type: pageType(path) };
    });
}

/**
 * One page per type, the largest of its type (the most content, so the
 * most to look at in a screenshot and the worst case for the budget).
 */
export function representatives(pages) {
  const best = new Map();
  for (const p of pages) {
    const size = statSync(p.file).size;
    const current = best.get(p.type);
    if (!current || size > current.size) best.set(p.type, { ...p, size });
  }
  return [...best.values()].sort((a, b) => a.path.localeCompare(b.path));
}
