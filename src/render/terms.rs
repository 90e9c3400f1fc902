//! Glossary term linking on the Markdown event stream.
//!
//! The first occurrence of a term (or one of its aliases) on a page becomes
//! a link to its glossary entry, with the short definition as a tooltip.
//! Matching is case-insensitive, on whole words, longest form first, so
//! `chiffrement de bout en bout` wins over `chiffrement`. An apostrophe
//! ends a word (`l’ENISA`, `d’accès`). The Markdown renderer never calls
//! the linker inside headings, links or code, and a matched span is never
//! searched again, so terms are never linked inside other terms.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event};

use crate::content::glossary::Glossary;
use crate::text::escape_html;

#[derive(Debug, Clone)]
struct Form {
    /// Lowercased characters of the form.
    chars: Vec<char>,
    term: usize,
}

#[derive(Debug, Clone)]
struct LinkTarget {
    id: String,
    short: String,
}

/// Finds glossary terms in text. Built once per build, shared by all pages.
#[derive(Debug, Clone, Default)]
pub struct TermLinker {
    /// Forms by their first word, longest first.
    by_first_word: HashMap<String, Vec<Form>>,
    targets: Vec<LinkTarget>,
    /// Relative URL of the glossary page from the page being rendered is
    /// prefixed at link time; this is the part after it.
    page: String,
}

fn lower(c: char) -> char {
    let c = if c == '\'' { '’' } else { c };
    c.to_lowercase().next().unwrap_or(c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

impl TermLinker {
    pub fn new(glossary: &Glossary) -> Self {
        let mut by_first_word: HashMap<String, Vec<Form>> = HashMap::new();
        let mut targets = Vec::new();
        for (idx, t) in glossary.terms.iter().enumerate() {
            targets.push(LinkTarget {
                id: t.id.clone(),
                short: t.short.clone(),
            });
            for form in std::iter::once(&t.term).chain(t.aliases.iter()) {
                let chars: Vec<char> = form.trim().chars().map(lower).collect();
                let first: String = chars.iter().take_while(|c| is_word_char(**c)).collect();
                if first.is_empty() {
                    continue;
                }
                by_first_word
                    .entry(first)
                    .or_default()
                    .push(Form { chars, term: idx });
            }
        }
        for forms in by_first_word.values_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.chars.len()));
        }
        TermLinker {
            by_first_word,
            targets,
            page: "glossary/index.html".into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Appends `text` to `out` as events, linking the first occurrence of
    /// each term not yet in `linked`. `root` is the relative path from the
    /// page to the site root. Ids of linked terms are pushed to `terms`.
    pub fn link<'a>(
        &self,
        text: &str,
        root: &str,
        linked: &mut HashSet<String>,
        terms: &mut Vec<String>,
        out: &mut Vec<Event<'a>>,
    ) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut plain_start = 0; // byte offset of text not yet emitted
        let mut i = 0;
        while i < chars.len() {
            let at_word_start = i == 0 || !is_word_char(chars[i - 1].1);
            if !at_word_start || !is_word_char(chars[i].1) {
                i += 1;
                continue;
            }
            let word_end = (i..chars.len())
                .find(|&j| !is_word_char(chars[j].1))
                .unwrap_or(chars.len());
            let word: String = chars[i..word_end].iter().map(|&(_, c)| lower(c)).collect();
            let Some(forms) = self.by_first_word.get(&word) else {
                i = word_end;
                continue;
            };
            let found = forms.iter().find(|f| self.matches_at(&chars, i, f));
            let Some(form) = found else {
                i = word_end;
                continue;
            };
            let end = i + form.chars.len();
            let target = &self.targets[form.term];
            if linked.insert(target.id.clone()) {
                let start_byte = chars[i].0;
                let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
                if start_byte > plain_start {
                    out.push(Event::Text(CowStr::from(
                        text[plain_start..start_byte].to_string(),
                    )));
                }
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"term\" href=\"{root}{}#{}\" title=\"{}\">{}</a>",
                    self.page,
                    target.id,
                    escape_html(&target.short),
                    escape_html(&text[start_byte..end_byte])
                ))));
                terms.push(target.id.clone());
                plain_start = end_byte;
            }
            // Matched text is consumed either way: no term inside a term.
            i = end;
        }
        if plain_start < text.len() {
            out.push(Event::Text(CowStr::from(text[plain_start..].to_string())));
        }
    }

    fn matches_at(&self, chars: &[(usize, char)], i: usize, form: &Form) -> bool {
        let end = i + form.chars.len();
        if end > chars.len() {
            return false;
        }
        let same = chars[i..end].iter().zip(&form.chars).all(|(&(_, c), &f)| {
            let c = lower(c);
            c == f || (c.is_whitespace() && f.is_whitespace())
        });
        same && chars.get(end).is_none_or(|&(_, c)| !is_word_char(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{RenderOptions, render};
    use std::path::Path;

    fn linker() -> TermLinker {
        let g = crate::content::glossary::parse(
            "- term: chiffrement\n  aliases: [chiffré, chiffrés, cryptage]\n  definition: Rendre illisible.\n\
             - term: chiffrement de bout en bout\n  definition: Seuls les correspondants lisent.\n\
             - term: ENISA\n  definition: Agence européenne.\n\
             - term: accès\n  definition: Pouvoir lire.\n",
            Path::new("g.yaml"),
        )
        .unwrap();
        TermLinker::new(&g)
    }

    fn html(md: &str) -> String {
        let l = linker();
        render(
            md,
            &RenderOptions {
                lang: "fr",
                linker: Some(&l),
                root: "../../",
                reserved_ids: &[],
            },
        )
        .html
    }

    #[test]
    fn first_occurrence_only() {
        let h = html("Le chiffrement, puis le Chiffrement.\n\nEt encore du chiffrement.\n");
        assert_eq!(h.matches("class=\"term\"").count(), 1, "{h}");
        assert!(h.contains("href=\"../../glossary/index.html#chiffrement\" title=\"Rendre illisible.\">chiffrement</a>"), "{h}");
    }

    #[test]
    fn longest_match_first_and_not_inside_terms() {
        let h = html("Le chiffrement de bout en bout protège. Le chiffrement aussi.\n");
        assert!(h.contains("#chiffrement-de-bout-en-bout\""), "{h}");
        assert!(h.contains(">chiffrement de bout en bout</a>"), "{h}");
        assert!(
            h.contains("#chiffrement\""),
            "the shorter term still links later: {h}"
        );
    }

    #[test]
    fn case_insensitive_whole_words_and_elisions() {
        let h =
            html("Selon l'ENISA, l’accès aux contenus CHIFFRÉS est débattu ; l’accèsoire non.\n");
        assert!(h.contains(">ENISA</a>"), "{h}");
        assert!(h.contains(">accès</a>"), "{h}");
        assert!(h.contains(">CHIFFRÉS</a>"), "{h}");
        assert!(!html("Le chiffrementx et déchiffrement.\n").contains("class=\"term\""));
    }

    #[test]
    fn never_in_headings_links_or_code() {
        let h = html(
            "## Le chiffrement\n\n[le chiffrement](x) `chiffrement`\n\n```\nchiffrement\n```\n",
        );
        assert!(!h.contains("class=\"term\""), "{h}");
    }
}
