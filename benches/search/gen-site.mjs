// Generates a dossier of N articles for the search benchmark.
//
//   node gen-site.mjs OUT_DIR N [WORDLIST]
//
// Words are drawn from a real French word list (Debian's wfrench,
// /usr/share/dict/french: 346,000 inflected forms) with a Zipf
// distribution, as word frequencies are in prose, mixed with French
// stopwords and with sentences of the shipped seed articles so that real
// queries (chiffrement, GCHQ, métadonnées) have hits. A fixed seed makes
// every run generate the same site.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [out, nArg, wordlist = "/usr/share/dict/french"] = process.argv.slice(2);
if (!out || !nArg) {
  console.error("usage: node gen-site.mjs OUT_DIR N [WORDLIST]");
  process.exit(2);
}
const N = Number(nArg);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

// mulberry32: small, seeded, good enough to shuffle words.
let state = 0x5eed1234;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(random() * a.length)];

const words = fs.readFileSync(wordlist, "utf8").split("\n").filter((w) => /^[\p{L}]+$/u.test(w) && w.length > 2);
for (let i = words.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [words[i], words[j]] = [words[j], words[i]];
}
// Zipf (s = 1) by inverse transform on the harmonic numbers, precomputed.
const H = new Float64Array(words.length);
let acc = 0;
for (let i = 0; i < words.length; i++) { acc += 1 / (i + 1); H[i] = acc; }
function zipfWord() {
  const x = random() * acc;
  let lo = 0, hi = H.length - 1;
  while (lo < hi) { const m = (lo + hi) >> 1; if (H[m] < x) lo = m + 1; else hi = m; }
  return words[lo];
}
const STOP = "le la les de des du un une et en à au aux pour par sur dans que qui ne pas est sont a ont il elle ils leur plus avec ce ces son sa se".split(" ");
const seedSentences = fs.readdirSync(path.join(repo, "seeds"))
  .map((f) => fs.readFileSync(path.join(repo, "seeds", f), "utf8"))
  .join(" ")
  .split(/(?<=[.!?»])\s+/)
  .map((s) => s.replace(/\s+/g, " ").trim())
  .filter((s) => s.length > 40 && s.length < 400 && !/[#*_`<>[\]|]/.test(s));

function sentence(n) {
  const ws = [];
  for (let i = 0; i < n; i++) ws.push(random() < 0.45 ? pick(STOP) : zipfWord());
  const s = ws.join(" ");
  return s[0].toUpperCase() + s.slice(1) + ".";
}
function paragraph() {
  const parts = [];
  const n = 3 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) parts.push(random() < 0.15 ? pick(seedSentences) : sentence(12 + Math.floor(random() * 14)));
  return parts.join(" ");
}
const yaml = (s) => JSON.stringify(s);
const TAGS = ["chiffrement", "GCHQ", "terrorisme", "réseaux sociaux", "métadonnées", "Royaume-Uni", "France", "G7", "messageries", "surveillance"];
const SOURCES = ["Reuters", "AFP", "Le Monde", "Stratégies", "L’Usine Nouvelle", "Libération"];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, "content/articles"), { recursive: true });
fs.writeFileSync(path.join(out, "dossier.yaml"), `title: "Dossier généré (${N} articles)"\nlanguage: fr\ntheme: dossier\noutput_dir: public\nembed: false\n`);
fs.writeFileSync(path.join(out, "content/_index.md"), `---\ntitle: "Dossier généré"\n---\n\nDossier généré pour le banc d’essai de la recherche.\n`);
fs.cpSync(path.join(repo, "tests/fixtures/search-site/content/glossary.yaml"), path.join(out, "content/glossary.yaml"));
fs.cpSync(path.join(repo, "themes/dossier"), path.join(out, "themes/dossier"), { recursive: true });
for (let i = 0; i < N; i++) {
  const title = sentence(6 + Math.floor(random() * 6)).slice(0, -1);
  const year = 2010 + Math.floor(random() * 15);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
  const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
  const tags = [pick(TAGS), pick(TAGS)].filter((t, k, a) => a.indexOf(t) === k);
  const body = [paragraph(), paragraph(), `## ${sentence(4).slice(0, -1)}`, paragraph(), paragraph(), paragraph()].join("\n\n");
  const fm = [
    "---",
    `title: ${yaml(title)}`,
    `slug: article-${i}`,
    `date: ${year}-${month}-${day}`,
    `source: ${yaml(pick(SOURCES))}`,
    "lang: fr",
    `tags: [${tags.map(yaml).join(", ")}]`,
    `summary: ${yaml(sentence(20))}`,
    "---",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "content/articles", `article-${i}.md`), fm + body + "\n");
}
console.error(`generated ${N} articles in ${out}`);
