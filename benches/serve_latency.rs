//! Edit-to-reload latency of `dossier serve` on a generated 1,000-article
//! site: the time from writing an article to the `reload` event that names
//! its page, over 20 edits, against a full rebuild of the same site in the
//! same run; and the time until the second wave (the print page and the
//! feed, which gather every article) is served too. Each edit starts from
//! an idle preview.
//!
//! Run: `cargo bench --bench serve_latency` (release build). The site is
//! synthetic (generated filler text, in a temporary folder);
//! `SERVE_LATENCY_SITE=DIR cargo bench --bench serve_latency` only writes
//! it to DIR, to profile it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use dossier::build::BuildOptions;
use dossier::render::RenderSettings;
use dossier::serve::incremental::Preview;
use dossier::serve::{ServeOptions, Server};

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;
use serve_support::{Events, copy_tree};

const ARTICLES: usize = 1000;
const EDITS: usize = 20;
const TAGS: [&str; 12] = [
    "alpha", "bêta", "gamma", "delta", "epsilon", "zêta", "êta", "thêta", "iota", "kappa",
    "lambda", "mu",
];
const TERMS: [&str; 6] = [
    "terme-un",
    "terme-deux",
    "terme-trois",
    "terme-quatre",
    "terme-cinq",
    "terme-six",
];

fn article(i: usize, edit: Option<usize>) -> String {
    let mut s = String::new();
    let year = 2000 + i % 20;
    let month = 1 + i % 12;
    let tags = [TAGS[i % TAGS.len()], TAGS[(i / 3) % TAGS.len()]];
    writeln!(s, "---\ntitle: \"Article de mesure {i}\"\ndate: {year}-{month:02}\nsource: Source de mesure\ntags: [{}, {}]\nsummary: \"Le résumé de l’article de mesure {i}.\"\n---\n", tags[0], tags[1]).unwrap();
    for p in 0..8 {
        writeln!(
            s,
            "Paragraphe {p} de l’article {i} : un texte de remplissage, qui cite un {} et un {}, pour donner au rendu un volume réaliste de quelques centaines de mots par article.\n",
            TERMS[(i + p) % TERMS.len()],
            TERMS[(i + 2 * p) % TERMS.len()]
        )
        .unwrap();
        if p == 3 {
            s.push_str("## Une section\n\n");
        }
    }
    if let Some(e) = edit {
        writeln!(s, "Modification numéro {e}.").unwrap();
    }
    s
}

fn generate_site(root: &Path) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&manifest.join("themes"), &root.join("themes"));
    let articles = root.join("content/articles");
    fs::create_dir_all(&articles).unwrap();
    fs::write(
        root.join("dossier.yaml"),
        "title: \"Site de mesure\"\ndescription: \"Un site généré pour mesurer l’aperçu.\"\nbase_url: \"https://example.org/mesure/\"\n",
    )
    .unwrap();
    fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Accueil\n---\n\nUn site généré.\n",
    )
    .unwrap();
    let mut glossary = String::new();
    for t in TERMS {
        writeln!(
            glossary,
            "- term: {t}\n  definition: \"Un terme généré pour la mesure.\""
        )
        .unwrap();
    }
    fs::write(root.join("content/glossary.yaml"), glossary).unwrap();
    let mut timeline = String::new();
    for e in 0..30 {
        writeln!(
            timeline,
            "- id: evenement-{e}\n  date: {}\n  title: \"Événement généré {e}\"\n  text: \"Un événement qui cite un {}.\"\n  articles: [article-de-mesure-{}]",
            2000 + e % 20,
            TERMS[e % TERMS.len()],
            e * 7
        )
        .unwrap();
    }
    fs::write(root.join("content/timeline.yaml"), timeline).unwrap();
    for i in 0..ARTICLES {
        fs::write(articles.join(format!("mesure-{i:04}.md")), article(i, None)).unwrap();
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // For profiling: write the generated site to a folder, and stop.
    if let Some(out) = std::env::var_os("SERVE_LATENCY_SITE") {
        generate_site(Path::new(&out));
        println!("generated the site in {}", Path::new(&out).display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    generate_site(&root);
    let root = root.canonicalize().unwrap();
    let opts = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };

    // Baseline: full rebuilds (load every file, render every body and
    // page), as the preview does on a configuration change.
    let mut full = Vec::new();
    let mut files = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let mut p = Preview::new(
            opts.clone(),
            RenderSettings {
                live_reload: true,
                ..RenderSettings::default()
            },
        );
        let o = p.apply([]).expect("the generated site builds");
        full.push(start.elapsed());
        files = o.total;
    }
    let full_median = median(&mut full);

    let server = Server::start(ServeOptions {
        build: opts,
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        poll: false,
    })
    .unwrap();
    let events = Events::connect(&server.url());
    events.wait_for("hello", Duration::from_secs(30), |_| true);

    let n = ARTICLES / 2;
    let file = root.join(format!("content/articles/mesure-{n:04}.md"));
    let page = format!("articles/article-de-mesure-{n}/index.html");
    let mut latencies = Vec::new();
    let mut complete = Vec::new();
    for e in 0..EDITS {
        let text = article(n, Some(e));
        let start = Instant::now();
        fs::write(&file, text).unwrap();
        events.wait_for("reload", Duration::from_secs(30), |d| d.contains(&page));
        latencies.push(start.elapsed());
        // The second wave: the print page and the feed, which carry bodies.
        // Waiting for it means each edit starts from an idle preview.
        events.wait_for("reload", Duration::from_secs(30), |d| {
            d.contains("print/index.html")
        });
        complete.push(start.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
    let max = *latencies.iter().max().unwrap();
    let lat_median = median(&mut latencies);

    println!(
        "serve_latency: {ARTICLES} articles, {files} output files, {EDITS} edits of one article"
    );
    println!(
        "  full rebuild (load + render all), median of 5: {:8.1} ms",
        ms(full_median)
    );
    println!(
        "  edit → reload event, median:                    {:8.1} ms  ({:.3} × full rebuild)",
        ms(lat_median),
        lat_median.as_secs_f64() / full_median.as_secs_f64()
    );
    println!(
        "  edit → reload event, max:                       {:8.1} ms",
        ms(max)
    );
    println!(
        "  edit → whole site served (second wave), median: {:8.1} ms",
        ms(median(&mut complete))
    );
    println!(
        "  target: median under 50 ms: {}",
        if lat_median < Duration::from_millis(50) {
            "met"
        } else {
            "NOT met"
        }
    );
}
