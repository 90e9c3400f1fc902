//! End-to-end checks of the dossier shipped in this repository: its timeline
//! and glossary are real teaching content, so the built site must keep the
//! promises the README makes about them (sources, French order, date
//! precision, term links in the articles).

use std::path::{Path, PathBuf};

use dossier::build::{BuildOptions, build, load};
use dossier::content::Site;

/// The shipped dossier, built into a fresh temporary directory.
struct Shipped {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    site: Site,
}

impl Shipped {
    fn build() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("site");
        let opts = BuildOptions {
            root: env!("CARGO_MANIFEST_DIR").into(),
            output_dir: Some(out.clone()),
            ..Default::default()
        };
        build(&opts).expect("the shipped dossier builds");
        let (site, _theme) = load(&opts).expect("the shipped dossier loads");
        Shipped {
            _tmp: tmp,
            out,
            site,
        }
    }

    fn page(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every value of `attr="…"` in `html`, in document order.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("closed attribute")]
        })
        .collect()
}

/// The text of every `<tag>…</tag>` element (no nested markup expected).
fn element_texts<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            &rest[..rest.find(&close).expect("closed element")]
        })
        .collect()
}

/// The `<li …>` element of the timeline whose id is `id`.
fn timeline_item<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no timeline item `{id}`"));
    let rest = &html[start..];
    &rest[..rest.find("</li>\n").expect("closed item")]
}

#[test]
fn at_least_twelve_sourced_events_and_terms() {
    let s = Shipped::build();
    let events = &s.site.timeline.events;
    let terms = &s.site.glossary.terms;
    assert!(events.len() >= 12, "{} events", events.len());
    assert!(terms.len() >= 12, "{} terms", terms.len());
    for e in events {
        assert!(!e.sources.is_empty(), "event `{}` has no source", e.id);
        for src in &e.sources {
            assert!(
                src.publisher.is_some() || src.url.is_some() || src.reference.is_some(),
                "a source of `{}` names no publisher, URL or reference",
                e.id
            );
        }
    }
    for t in terms {
        assert!(!t.sources.is_empty(), "term `{}` has no source", t.term);
        assert!(
            !t.short.is_empty(),
            "term `{}` has no short definition",
            t.term
        );
    }

    // The pages show them all, each with its sources.
    let timeline = s.page("timeline/index.html");
    for e in events {
        let item = timeline_item(&timeline, &e.id);
        assert!(item.contains("class=\"sources\""), "{item}");
    }
    let glossary = s.page("glossary/index.html");
    assert_eq!(element_texts(&glossary, "dfn").len(), terms.len());
    assert_eq!(
        glossary.matches("class=\"sources\"").count(),
        terms.len(),
        "every term lists its sources"
    );
}

#[test]
fn glossary_terms_are_in_french_order() {
    let s = Shipped::build();
    let html = s.page("glossary/index.html");
    let shown = element_texts(&html, "dfn");
    // Accents and case do not move a word: compare on folded, lowercased text.
    let key = |t: &str| dossier::text::fold_accents(t).to_lowercase();
    for pair in shown.windows(2) {
        assert!(
            key(pair[0]) <= key(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    let pos = |t: &str| {
        shown
            .iter()
            .position(|x| *x == t)
            .unwrap_or_else(|| panic!("`{t}` is not in the glossary: {shown:?}"))
    };
    // The README's example: métadonnées sorts between messagerie and NSA,
    // not after every unaccented word.
    assert!(pos("messagerie chiffrée") < pos("métadonnées"));
    assert!(pos("métadonnées") < pos("NSA"));
    assert!(pos("déchiffrement") < pos("Five Eyes"));
}

/// The dates written in timeline.yaml, by event id, exactly as written.
fn yaml_dates() -> Vec<(String, String, Option<String>)> {
    let text = std::fs::read_to_string(root().join("content/timeline.yaml")).unwrap();
    let items: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    let as_written = |v: &serde_yaml::Value| match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => panic!("unexpected date {other:?}"),
    };
    items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                as_written(&i["date"]),
                i.get("end").map(as_written),
            )
        })
        .collect()
}

#[test]
fn timeline_dates_keep_the_precision_of_the_data_file() {
    let s = Shipped::build();
    let html = s.page("timeline/index.html");
    let dates = yaml_dates();
    assert!(dates.len() >= 12);
    let precisions: std::collections::HashSet<usize> =
        dates.iter().map(|(_, d, _)| d.len()).collect();
    assert_eq!(
        precisions,
        [4, 7, 10].into(),
        "the shipped timeline uses all three precisions"
    );
    for (id, date, end) in &dates {
        let item = timeline_item(&html, id);
        // The event's own dates, not those of its sources.
        let date_line = item
            .split("<p class=\"timeline-date\">")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap_or_else(|| panic!("no date line in `{id}`"));
        let times = attr_values(date_line, "datetime");
        assert_eq!(times.first(), Some(&date.as_str()), "event `{id}`");
        assert_eq!(times.get(1).copied(), end.as_deref(), "end of `{id}`");
    }
    // facts.md gives only the month for the UK–US agreement's entry into force.
    let item = timeline_item(&html, "accord-acces-donnees-entree-en-vigueur");
    assert!(
        item.contains("<time datetime=\"2022-10\">octobre 2022</time>"),
        "{item}"
    );
    // Articles are on the timeline at their own precision, without a day
    // the source does not give.
    for a in &s.site.articles {
        let item = timeline_item(&html, &format!("article-{}", a.slug));
        let file = std::fs::read_to_string(root().join(&a.file))
            .or_else(|_| std::fs::read_to_string(&a.file))
            .unwrap();
        let written = file
            .lines()
            .find_map(|l| l.strip_prefix("date:"))
            .expect("a dated article has a date line")
            .trim()
            .trim_matches('"');
        assert_eq!(attr_values(item, "datetime"), [written]);
    }
}

/// Whether `form` occurs in `text` as a whole word, ignoring case.
fn occurs(text: &str, form: &str) -> bool {
    let norm = |s: &str| s.replace('\'', "’").to_lowercase();
    let (text, form) = (norm(text), norm(form));
    text.match_indices(&form).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        !is_word(before) && !is_word(after)
    })
}

#[test]
fn articles_link_the_key_terms_where_they_occur() {
    let s = Shipped::build();
    let key_terms = ["chiffrement", "metadonnees", "gchq", "nsa"];
    let mut linked_somewhere = Vec::new();
    for a in &s.site.articles {
        let html = s.page(&format!("{}index.html", a.path()));
        for id in key_terms {
            let term = s.site.glossary.get(id).expect("key term in the glossary");
            let forms = std::iter::once(&term.term).chain(&term.aliases);
            let used = forms.clone().any(|f| occurs(&a.body, f));
            let link = format!("class=\"term\" href=\"../../glossary/index.html#{id}\"");
            let links = html.matches(&link).count();
            if used {
                assert_eq!(links, 1, "`{}` links `{id}` once: {links}", a.slug);
                linked_somewhere.push((a.slug.clone(), id));
            } else {
                assert_eq!(links, 0, "`{}` links `{id}` without using it", a.slug);
            }
        }
    }
    // The two shipped articles between them use all four words.
    for id in key_terms {
        assert!(
            linked_somewhere.iter().any(|(_, t)| *t == id),
            "no article links `{id}`: {linked_somewhere:?}"
        );
    }
    let strategies = "france-royaume-uni-acces-contenus-cryptes";
    let reuters = "le-gchq-britannique-veut-que-twitter-et-facebook-cooperent-plus";
    for (slug, id) in [
        (strategies, "chiffrement"),
        (strategies, "metadonnees"),
        (reuters, "gchq"),
        (reuters, "nsa"),
    ] {
        assert!(
            linked_somewhere.contains(&(slug.to_string(), id)),
            "{slug} should link {id}: {linked_somewhere:?}"
        );
    }
}
