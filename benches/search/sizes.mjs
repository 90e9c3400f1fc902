// Sizes of a built site's search index, raw and gzipped, per article, with
// the article pages as the baseline.   node sizes.mjs SITE_DIR ARTICLES
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [site, nArg] = process.argv.slice(2);
const N = Number(nArg);
function measure(files) {
  let raw = 0, gz = 0;
  for (const f of files) {
    const b = fs.readFileSync(f);
    raw += b.length;
    gz += zlib.gzipSync(b, { level: 6 }).length;
  }
  return { files: files.length, raw, gzip: gz, raw_per_article: +(raw / N).toFixed(1), gzip_per_article: +(gz / N).toFixed(1) };
}
const s = path.join(site, "search");
const names = fs.readdirSync(s);
const terms = measure(names.filter((f) => f === "manifest.js" || /^t(-.*)?\.js$/.test(f)).map((f) => path.join(s, f)));
const docs = measure(names.filter((f) => /^d-\d+\.js$/.test(f)).map((f) => path.join(s, f)));
const a = path.join(site, "articles");
const pages = measure(fs.readdirSync(a).filter((d) => fs.statSync(path.join(a, d)).isDirectory()).map((d) => path.join(a, d, "index.html")));
const shardFiles = names.filter((f) => /^t(-.*)?\.js$/.test(f));
const keyLengths = {};
for (const f of shardFiles) {
  const k = f === "t.js" ? 0 : f.slice(2, -3).replace(/_[0-9a-f]+_/g, "x").length;
  keyLengths[k] = (keyLengths[k] || 0) + 1;
}
const largest = Math.max(...shardFiles.map((f) => fs.statSync(path.join(s, f)).size));
console.log(JSON.stringify({
  articles: N,
  shards_by_key_length: keyLengths,
  largest_shard_bytes: largest,
  term_index: terms,
  documents: docs,
  article_pages_baseline: pages,
  ratio_index_to_pages_gzip: +((terms.gzip + docs.gzip) / pages.gzip).toFixed(3),
}, null, 2));
