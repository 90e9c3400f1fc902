//! Glossary term linking on the Markdown event stream.
//!
//! The first occurrence of a term (or one of its aliases) on a page becomes
//! a link to its glossary entry, with the short definition as a tooltip.
//! Matching is case-insensitive, on whole words, longest form first, so
//! `chiffrement de bout en bout` wins over `chiffrement`. An apostrophe
//! ends a word (`l’ENISA`, `d’accès`). The Markdown renderer never calls
//! the linker inside headings, links or code, and a matched span is never
//! searched again, so terms are never linked inside other terms.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event};
use rustc_hash::FxHashMap;

use crate::content::glossary::Glossary;

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
    by_first_word: FxHashMap<String, Vec<Form>>,
    /// Quick refusals before a word is lowercased and looked up (most words
    /// of a text are not terms): the first byte of each lowercased first
    /// word, and their lengths in bytes (63 stands for 63 and more).
    first_bytes: FirstBytes,
    lengths: u64,
    targets: Vec<LinkTarget>,
    /// Relative URL of the glossary page from the page being rendered is
    /// prefixed at link time; this is the part after it.
    page: String,
}

#[derive(Debug, Clone)]
struct FirstBytes([bool; 256]);

impl Default for FirstBytes {
    fn default() -> Self {
        FirstBytes([false; 256])
    }
}

/// A term found in a text, to be linked: byte offsets in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    term: usize,
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        return if c == '\'' {
            '’'
        } else {
            c.to_ascii_lowercase()
        };
    }
    c.to_lowercase().next().unwrap_or(c)
}

fn is_word_char(c: char) -> bool {
    c == '-' || crate::text::is_alphanumeric(c)
}

fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// The character at byte `i` of `text` and its length in bytes.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

impl TermLinker {
    pub fn new(glossary: &Glossary) -> Self {
        let mut by_first_word: FxHashMap<String, Vec<Form>> = FxHashMap::default();
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
        let mut first_bytes = FirstBytes::default();
        let mut lengths = 0;
        for (first, forms) in by_first_word.iter_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.chars.len()));
            first_bytes.0[usize::from(first.as_bytes()[0])] = true;
            lengths |= length_bit(first.len());
        }
        TermLinker {
            by_first_word,
            first_bytes,
            lengths,
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
        let mut found = Vec::new();
        self.find(text, linked, terms, &mut found);
        let mut plain_start = 0;
        for m in &found {
            if m.start > plain_start {
                out.push(Event::Text(CowStr::from(
                    text[plain_start..m.start].to_string(),
                )));
            }
            let mut html = String::new();
            self.push_link(m, &text[m.start..m.end], root, &mut html);
            out.push(Event::Html(CowStr::from(html)));
            plain_start = m.end;
        }
        if plain_start < text.len() {
            out.push(Event::Text(CowStr::from(text[plain_start..].to_string())));
        }
    }

    /// Finds in `text` the first occurrence of each term not yet in
    /// `linked`, in order, and records them in `linked`, `terms` (ids) and
    /// `found`. A matched span is consumed even when its term was linked
    /// already: no term is found inside another.
    pub fn find(
        &self,
        text: &str,
        linked: &mut HashSet<String>,
        terms: &mut Vec<String>,
        found: &mut Vec<TermMatch>,
    ) {
        if self.by_first_word.is_empty() {
            return;
        }
        let mut word = String::new();
        let mut pos = 0;
        let mut after_word_char = false;
        while pos < text.len() {
            let (c, len) = char_at(text, pos);
            let is_word = is_word_char(c);
            if !is_word || after_word_char {
                after_word_char = is_word;
                pos += len;
                continue;
            }
            let word_end = self.word_end(text, pos + len);
            // Whatever happens, the scan resumes at a character that is not
            // part of a word.
            after_word_char = true;
            let Some(forms) = self.forms_for(&text[pos..word_end], c, &mut word) else {
                pos = word_end;
                continue;
            };
            let Some((form, end)) = forms
                .iter()
                .find_map(|f| self.match_end(text, pos, f).map(|end| (f, end)))
            else {
                pos = word_end;
                continue;
            };
            let target = &self.targets[form.term];
            if linked.insert(target.id.clone()) {
                terms.push(target.id.clone());
                found.push(TermMatch {
                    start: pos,
                    end,
                    term: form.term,
                });
            }
            pos = end;
        }
    }

    /// Appends the link for a match; `matched` is the text it covers.
    pub fn push_link(&self, m: &TermMatch, matched: &str, root: &str, out: &mut String) {
        let target = &self.targets[m.term];
        out.push_str("<a class=\"term\" href=\"");
        out.push_str(root);
        out.push_str(&self.page);
        out.push('#');
        out.push_str(&target.id);
        out.push_str("\" title=\"");
        crate::text::push_escaped_html(out, &target.short);
        out.push_str("\">");
        crate::text::push_escaped_html(out, matched);
        out.push_str("</a>");
    }

    /// The byte where the word running from `from` ends.
    fn word_end(&self, text: &str, mut from: usize) -> usize {
        while from < text.len() {
            let (c, len) = char_at(text, from);
            if !is_word_char(c) {
                break;
            }
            from += len;
        }
        from
    }

    /// The forms whose first word is `word` (starting with `first`),
    /// lowercased into `buf`.
    fn forms_for(&self, word: &str, first: char, buf: &mut String) -> Option<&Vec<Form>> {
        let mut first_byte = [0; 4];
        lower(first).encode_utf8(&mut first_byte);
        if !self.first_bytes.0[usize::from(first_byte[0])] {
            return None;
        }
        buf.clear();
        buf.extend(word.chars().map(lower));
        if self.lengths & length_bit(buf.len()) == 0 {
            return None;
        }
        self.by_first_word.get(buf.as_str())
    }

    /// Where `form` ends when it matches `text` at byte `start`: the same
    /// lowercased characters, any whitespace for whitespace, and no word
    /// character right after.
    fn match_end(&self, text: &str, start: usize, form: &Form) -> Option<usize> {
        let mut rest = text[start..].char_indices();
        for &f in &form.chars {
            let (_, c) = rest.next()?;
            let c = lower(c);
            if c != f && !(c.is_whitespace() && f.is_whitespace()) {
                return None;
            }
        }
        match rest.next() {
            Some((_, c)) if is_word_char(c) => None,
            Some((off, _)) => Some(start + off),
            None => Some(text.len()),
        }
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

    /// The linker as it was (a char vector per text, a String per word),
    /// kept to check the fast one links the same spans.
    fn link_reference<'a>(
        l: &TermLinker,
        text: &str,
        root: &str,
        linked: &mut HashSet<String>,
        terms: &mut Vec<String>,
        out: &mut Vec<Event<'a>>,
    ) {
        let matches_at = |chars: &[(usize, char)], i: usize, form: &Form| {
            let end = i + form.chars.len();
            if end > chars.len() {
                return false;
            }
            let same = chars[i..end].iter().zip(&form.chars).all(|(&(_, c), &f)| {
                let c = lower(c);
                c == f || (c.is_whitespace() && f.is_whitespace())
            });
            same && chars.get(end).is_none_or(|&(_, c)| !is_word_char(c))
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut plain_start = 0;
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
            let Some(forms) = l.by_first_word.get(&word) else {
                i = word_end;
                continue;
            };
            let Some(form) = forms.iter().find(|f| matches_at(&chars, i, f)) else {
                i = word_end;
                continue;
            };
            let end = i + form.chars.len();
            let target = &l.targets[form.term];
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
                    l.page,
                    target.id,
                    crate::text::escape_html(&target.short),
                    crate::text::escape_html(&text[start_byte..end_byte])
                ))));
                terms.push(target.id.clone());
                plain_start = end_byte;
            }
            i = end;
        }
        if plain_start < text.len() {
            out.push(Event::Text(CowStr::from(text[plain_start..].to_string())));
        }
    }

    #[test]
    fn fast_linker_matches_the_reference() {
        let g = crate::content::glossary::parse(
            "- term: chiffrement\n  aliases: [chiffré, chiffrés, cryptage]\n  definition: Rendre \"illisible\" & <sûr>.\n\
             - term: chiffrement de bout en bout\n  definition: Seuls les correspondants lisent.\n\
             - term: ENISA\n  definition: Agence européenne.\n\
             - term: accès\n  definition: Pouvoir lire.\n\
             - term: porte dérobée\n  aliases: [portes dérobées, porte-dérobée]\n  definition: Accès caché.\n\
             - term: Five Eyes\n  definition: Alliance.\n\
             - term: l'İnternet\n  definition: Réseau.\n",
            Path::new("g.yaml"),
        )
        .unwrap();
        let l = TermLinker::new(&g);
        let pieces = [
            "chiffrement",
            "Chiffrement",
            "CHIFFRÉS",
            "chiffré",
            "chiffrementx",
            "dé",
            "de",
            "bout",
            "en",
            "ENISA",
            "l'",
            "l’",
            "accès",
            "accèsoire",
            "porte",
            "portes",
            "dérobée",
            "dérobées",
            "-",
            "Five",
            "Eyes",
            "İnternet",
            "internet",
            " ",
            "  ",
            "\u{a0}",
            ", ",
            ". ",
            "«\u{a0}",
            "x",
            "42",
            "cryptage",
        ];
        let mut rng = crate::test_rng::Lcg(7);
        let mut next = move || rng.next();
        for _ in 0..5_000 {
            let mut fast_linked = HashSet::new();
            let mut slow_linked = HashSet::new();
            let (mut fast_terms, mut slow_terms) = (Vec::new(), Vec::new());
            for _ in 0..1 + next() % 3 {
                let text: String = (0..next() % 16)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect();
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                l.link(&text, "../", &mut fast_linked, &mut fast_terms, &mut fast);
                link_reference(
                    &l,
                    &text,
                    "../",
                    &mut slow_linked,
                    &mut slow_terms,
                    &mut slow,
                );
                assert_eq!(fast, slow, "{text}");
            }
            assert_eq!(fast_terms, slow_terms);
        }
    }
}
