//! Re-importing without losing a person's work.
//!
//! An imported file records the hash of the body it was written with. When
//! the body still has that hash, nobody edited it and the importer may
//! replace it; otherwise the file is left alone unless `--force`. Either
//! way the front matter a person completed is kept line for line, comments
//! included: only the importer's bookkeeping (`review`, `imported_from`,
//! `import_hash`) is rewritten, and fields the importer newly found are
//! added after the existing ones.

use serde::Deserialize;

use super::markdown::{Entry, hash, list};

/// Front matter keys the importer owns and rewrites on every import.
const OWNED: &[&str] = &["review", "imported_from", "import_hash"];

/// An article file already in the output directory.
#[derive(Debug, Clone)]
pub struct Existing {
    pub entries: Vec<Entry>,
    pub body: String,
    pub review: Vec<String>,
    pub imported_from: Option<String>,
    pub import_hash: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Bookkeeping {
    #[serde(default)]
    review: Vec<String>,
    #[serde(default)]
    imported_from: Option<String>,
    #[serde(default)]
    import_hash: Option<String>,
}

impl Existing {
    /// Reads an article file's text (LF line ends). `None` when it has no
    /// readable front matter: such a file is not the importer's to touch.
    pub fn parse(text: &str) -> Option<Existing> {
        let split = crate::content::split_front_matter(text, std::path::Path::new("")).ok()?;
        let book: Bookkeeping = serde_yaml::from_str(split.yaml).ok()?;
        Some(Existing {
            entries: split_entries(split.yaml),
            body: split.body.to_string(),
            review: book.review,
            imported_from: book.imported_from,
            import_hash: book.import_hash,
        })
    }

    /// Whether someone changed the body since it was imported (or wrote the
    /// file by hand: no hash at all).
    pub fn body_edited(&self) -> bool {
        self.import_hash.as_deref() != Some(hash(&self.body).as_str())
    }

    fn has_key(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }
}

/// Splits a YAML block into top-level entries, each with the comment lines
/// above it and its indented continuation lines. Comments after the last
/// key form an entry with an empty key.
pub fn split_entries(yaml: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut pending = String::new();
    for line in yaml.split_inclusive('\n') {
        let line_nl = if line.ends_with('\n') {
            line.to_string()
        } else {
            format!("{line}\n")
        };
        let t = line.trim_end();
        let is_comment_or_blank = t.trim_start().starts_with('#') || t.trim().is_empty();
        let is_continuation = line.starts_with([' ', '\t', '-']) && !is_comment_or_blank;
        if is_continuation && pending.is_empty() && !entries.is_empty() {
            if let Some(e) = entries.last_mut() {
                e.text.push_str(&line_nl);
            }
        } else if is_comment_or_blank {
            pending.push_str(&line_nl);
        } else {
            let key = t.split(':').next().unwrap_or("").trim().to_string();
            entries.push(Entry {
                key,
                text: std::mem::take(&mut pending) + &line_nl,
            });
        }
    }
    if !pending.is_empty() {
        entries.push(Entry {
            key: String::new(),
            text: pending,
        });
    }
    entries
}

/// The front matter to write over `existing`: its entries as they are,
/// then fresh fields it lacks, then the importer's bookkeeping.
pub fn merge(existing: &Existing, fresh: &[Entry], fresh_review: &[String]) -> Vec<Entry> {
    let mut out: Vec<Entry> = existing
        .entries
        .iter()
        .filter(|e| !OWNED.contains(&e.key.as_str()))
        .cloned()
        .collect();
    out.extend(
        fresh
            .iter()
            .filter(|e| !OWNED.contains(&e.key.as_str()) && !existing.has_key(&e.key))
            .cloned(),
    );
    let review = still_to_review(existing, fresh, fresh_review);
    if !review.is_empty() {
        out.push(Entry {
            key: "review".into(),
            text: format!("review: {}\n", list(&review)),
        });
    }
    out.extend(
        fresh
            .iter()
            .filter(|e| e.key == "imported_from" || e.key == "import_hash")
            .cloned(),
    );
    out
}

/// A flag stays only while the person has not dealt with it: it is still in
/// the file's `review` list, or its value is being added now (the file did
/// not have the field, the fresh import has it). A flag the person removed
/// from `review` stays removed.
fn still_to_review(existing: &Existing, fresh: &[Entry], fresh_review: &[String]) -> Vec<String> {
    fresh_review
        .iter()
        .filter(|f| {
            let top = f.split('.').next().unwrap_or(f);
            let added_now = !existing.has_key(top) && fresh.iter().any(|e| e.key == top);
            existing.review.contains(f) || added_now
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\n# A note on the title.\ntitle: \"T\"\n# Source: facts.md\ndate: 2017-06\nsource:\n  publication: X\ntags: [a, b]\nreview: [date, title]\nimported_from: seeds/a.txt\nimport_hash: sha256:00\n# trailing\n---\n\nBody.\n";

    #[test]
    fn entries_keep_their_comments() {
        let e = Existing::parse(FILE).unwrap();
        let keys: Vec<&str> = e.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "title",
                "date",
                "source",
                "tags",
                "review",
                "imported_from",
                "import_hash",
                ""
            ]
        );
        assert_eq!(e.entries[1].text, "# Source: facts.md\ndate: 2017-06\n");
        assert_eq!(e.entries[2].text, "source:\n  publication: X\n");
        assert_eq!(e.review, vec!["date", "title"]);
        assert!(e.body_edited());
    }

    #[test]
    fn merge_keeps_the_persons_fields_and_resolved_flags() {
        let mut e = Existing::parse(FILE).unwrap();
        // The person checked the date and removed it from review.
        e.review = vec!["title".into()];
        let fresh = vec![
            Entry {
                key: "title".into(),
                text: "title: \"New\"\n".into(),
            },
            Entry {
                key: "lang".into(),
                text: "lang: fr\n".into(),
            },
            Entry {
                key: "imported_from".into(),
                text: "imported_from: seeds/a.txt\n".into(),
            },
            Entry {
                key: "import_hash".into(),
                text: "import_hash: sha256:11\n".into(),
            },
        ];
        let merged = merge(&e, &fresh, &["title".into(), "date".into(), "lang".into()]);
        let text: String = merged.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            text,
            "# A note on the title.\ntitle: \"T\"\n# Source: facts.md\ndate: 2017-06\nsource:\n  publication: X\ntags: [a, b]\n# trailing\nlang: fr\nreview: [title, lang]\nimported_from: seeds/a.txt\nimport_hash: sha256:11\n"
        );
    }

    #[test]
    fn an_unedited_body_matches_its_hash() {
        let body = "\nBody.\n";
        let file = format!("---\ntitle: T\nimport_hash: {}\n---\n{body}", hash(body));
        assert!(!Existing::parse(&file).unwrap().body_edited());
    }
}
