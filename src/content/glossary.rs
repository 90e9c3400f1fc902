//! `content/glossary.yaml`: the terms a student meets in the articles.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::reference::Reference;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::text::slugify;

pub const GLOSSARY_FILE: &str = "glossary.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermData {
    term: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
    #[serde(default)]
    see_also: Vec<String>,
    #[serde(default)]
    sources: Vec<Reference>,
}

/// One glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub term: String,
    /// Anchor on the glossary page: `chiffrement`, `metadonnees`.
    pub id: String,
    pub aliases: Vec<String>,
    /// Markdown.
    pub definition: String,
    /// The first sentence of the definition, as plain text, for tooltips.
    pub short: String,
    /// Ids of related terms.
    pub see_also: Vec<String>,
    pub sources: Vec<Reference>,
    /// 1-based line of the entry in glossary.yaml, for messages.
    #[serde(skip)]
    pub line: usize,
}

/// All terms, sorted in French order.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub terms: Vec<Term>,
    /// Path of the data file, relative to the site root (for messages).
    pub file: Option<std::path::PathBuf>,
}

impl Glossary {
    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }
}

/// Loads the glossary, if the dossier has one.
pub fn load(root: &Path, content: &Path) -> Result<Glossary> {
    let path = content.join(GLOSSARY_FILE);
    if !path.exists() {
        return Ok(Glossary::default());
    }
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::user(Diagnostic::new(&rel, format!("cannot read: {e}"))))?;
    let text = super::decode_utf8(&bytes, &rel)?;
    parse(&text, &rel)
}

/// Parses and checks glossary data: unique terms, aliases claimed by one
/// term only, `see_also` naming existing terms.
pub fn parse(text: &str, file: &Path) -> Result<Glossary> {
    let data: Vec<TermData> = if text.trim().is_empty() {
        Vec::new()
    } else {
        crate::yaml::parse(text, file, 1)?
    };
    let mut diags = Diagnostics::default();
    let mut terms: Vec<Term> = Vec::with_capacity(data.len());
    // Every form that links to a term, lowercased, with the term that owns it.
    let mut forms: HashMap<String, String> = HashMap::new();
    let mut from_line = 1;
    for d in data {
        let line =
            crate::yaml::locate_text(text, &format!("term: {}", d.term.trim()), from_line, 1)
                .or_else(|| crate::yaml::locate_text(text, d.term.trim(), from_line, 1))
                .map_or(1, |(l, _)| l);
        from_line = line + 1;
        let at =
            |needle: &str| crate::yaml::locate_text(text, needle, line, 1).unwrap_or((line, 1));
        let term = d.term.trim().to_string();
        let id = slugify(&term);
        if term.is_empty() || id.is_empty() {
            diags.push(Diagnostic::new(file, "a glossary entry has an empty `term`").at(line, 1));
            continue;
        }
        if d.definition.trim().is_empty() {
            diags.push(
                Diagnostic::new(file, format!("the term `{term}` has no definition")).at(line, 1),
            );
        }
        for form in std::iter::once(&term).chain(d.aliases.iter()) {
            let key = form.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(owner) = forms.get(&key) {
                if owner != &term {
                    let (l, c) = at(form);
                    diags.push(
                        Diagnostic::new(file, format!("`{form}` is claimed by two terms: `{owner}` and `{term}`"))
                            .at(l, c)
                            .hint("a word form can link to one glossary entry only; remove it from one of them"),
                    );
                }
            } else {
                forms.insert(key, term.clone());
            }
        }
        terms.push(Term {
            short: short_definition(&d.definition),
            id,
            term,
            aliases: d
                .aliases
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            definition: d.definition,
            see_also: d.see_also,
            sources: d.sources,
            line,
        });
    }
    let ids: HashMap<String, ()> = terms.iter().map(|t| (t.id.clone(), ())).collect();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for t in &mut terms {
        if let Some(first) = seen_ids.insert(t.id.clone(), t.line) {
            diags.push(
                Diagnostic::new(
                    file,
                    format!(
                        "the term `{}` is defined twice (first at line {first})",
                        t.term
                    ),
                )
                .at(t.line, 1),
            );
        }
        let mut resolved = Vec::new();
        for s in &t.see_also {
            let sid = slugify(s);
            if ids.contains_key(&sid) {
                resolved.push(sid);
            } else {
                let (l, c) = crate::yaml::locate_text(text, s, t.line, 1).unwrap_or((t.line, 1));
                diags.push(
                    Diagnostic::new(
                        file,
                        format!(
                            "`see_also: {s}` in `{}` names no term of the glossary",
                            t.term
                        ),
                    )
                    .at(l, c)
                    .hint("write the `term:` of an existing entry"),
                );
            }
        }
        t.see_also = resolved;
    }
    diags.into_result()?;
    terms.sort_by(|a, b| crate::collate::french_cmp(&a.term, &b.term));
    Ok(Glossary {
        terms,
        file: Some(file.to_path_buf()),
    })
}

/// The first sentence of a Markdown definition, as plain text.
fn short_definition(md: &str) -> String {
    let plain = crate::render::markdown::plain_text(md);
    let plain = plain.trim();
    let end = plain
        .char_indices()
        .find(|&(i, c)| c == '.' && plain[i + 1..].starts_with([' ', '\n']))
        .map_or(plain.len(), |(i, _)| i + 1);
    plain[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_links_see_also() {
        let g = parse(
            "- term: NSA\n  definition: Agence.\n- term: métadonnées\n  definition: Données. Suite.\n  see_also: [NSA]\n- term: messagerie\n  definition: App.\n",
            Path::new("g.yaml"),
        )
        .unwrap();
        let names: Vec<_> = g.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(names, ["messagerie", "métadonnées", "NSA"]);
        assert_eq!(g.terms[1].see_also, ["nsa"]);
        assert_eq!(g.terms[1].short, "Données.");
    }

    #[test]
    fn alias_claimed_twice_is_an_error() {
        let e = parse(
            "- term: chiffrement\n  aliases: [cryptage]\n  definition: a.\n- term: cryptographie\n  aliases: [cryptage]\n  definition: b.\n",
            Path::new("g.yaml"),
        )
        .unwrap_err();
        let d = &e.diagnostics()[0];
        assert!(d.message.contains("claimed by two terms"), "{}", d.message);
        assert_eq!(d.line, Some(5));
    }

    #[test]
    fn see_also_to_nothing_is_an_error() {
        let e = parse(
            "- term: a\n  definition: x.\n  see_also: [zzz]\n",
            Path::new("g.yaml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("names no term"));
        assert_eq!(e.diagnostics()[0].line, Some(3));
    }
}
