//! Writing the article: typography, Markdown escaping, front matter, hash.
//!
//! The output must read as the page did and render as written: the text is
//! typeset with the renderer's own rules ([`crate::typography`]), then
//! escaped so that nothing in it turns into Markdown by accident (a line
//! starting `+ 550`, a `*` in a quote); URLs are left untouched.

use sha2::{Digest, Sha256};

use super::extract::{BodyItem, Metadata};
use crate::typography;

/// The Markdown body: a blank line after the front matter, blocks separated
/// by blank lines, a final newline.
pub fn body(items: &[BodyItem], lang: &str) -> String {
    let mut out = String::new();
    let mut prev_bullet = false;
    for item in items {
        let is_bullet = matches!(item, BodyItem::Bullet(_));
        out.push_str(if is_bullet && prev_bullet {
            "\n"
        } else {
            "\n\n"
        });
        match item {
            BodyItem::Paragraph(t) => out.push_str(&escape_line_start(&inline(t, lang))),
            BodyItem::Heading(t) => {
                out.push_str("## ");
                out.push_str(&inline(t, lang).replace('{', "\\{"));
            }
            BodyItem::Bullet(t) => {
                out.push_str("- ");
                out.push_str(&inline(t, lang));
            }
        }
        prev_bullet = is_bullet;
    }
    // The body starts right after the closing `---`: one blank line there.
    let trimmed = out.trim_start_matches('\n');
    format!("\n{trimmed}\n")
}

/// Typography then inline escaping, URLs untouched.
pub fn inline(text: &str, lang: &str) -> String {
    let typeset = typography::apply(text, lang);
    let mut out = String::with_capacity(typeset.len() + 8);
    for (is_url, piece) in typography::url_pieces(&typeset) {
        if is_url {
            out.push_str(piece);
            continue;
        }
        for c in piece.chars() {
            if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '~') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

/// Escapes what would make a paragraph a heading, a quote, a list or a rule.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    let second = line.chars().nth(1);
    match first {
        Some('#' | '>' | '=') => format!("\\{line}"),
        Some('-' | '+' | '*') if second.is_none_or(|c| c == ' ' || c == first.unwrap_or(' ')) => {
            format!("\\{line}")
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let rest = &line[digits..];
            if digits <= 9
                && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
            {
                format!("{}\\{}", &line[..digits], rest)
            } else {
                line.to_string()
            }
        }
        _ => line.to_string(),
    }
}

/// `sha256:` and the hex digest of the body as written, so an edit to the
/// body can be told from a fresh import.
pub fn hash(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("sha256:{hex}")
}

/// One top-level front matter entry: its key and its YAML lines, comments
/// included, ending with a newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub text: String,
}

/// The entries the importer writes for `meta`, in the README's order;
/// `review`, `imported_from` and `import_hash` come last, as the importer's
/// own bookkeeping.
pub fn entries(meta: &Metadata, imported_from: &str, import_hash: &str) -> Vec<Entry> {
    let lang = meta.lang.as_str();
    let mut e = Vec::new();
    let mut push = |key: &str, text: String| {
        e.push(Entry {
            key: key.to_string(),
            text,
        })
    };
    let line = |key: &str, value: String| format!("{key}: {value}\n");
    push(
        "title",
        line("title", quoted(&typography::apply(&meta.title, lang))),
    );
    if let Some(d) = &meta.date {
        push("date", line("date", d.iso()));
    }
    if meta.publication.is_some() || meta.agency.is_some() {
        let mut source = String::from("source:\n");
        if let Some(p) = &meta.publication {
            source.push_str(&format!("  publication: {}\n", scalar(p)));
        }
        if let Some(a) = &meta.agency {
            source.push_str(&format!("  agency: {}\n", scalar(a)));
        }
        push("source", source);
    }
    if !meta.authors.is_empty() {
        push("authors", line("authors", list(&meta.authors)));
    }
    if !meta.translators.is_empty() {
        push("translators", line("translators", list(&meta.translators)));
    }
    if let Some(d) = &meta.dateline {
        push("dateline", line("dateline", scalar(d)));
    }
    push("lang", line("lang", scalar(lang)));
    if let Some(s) = &meta.summary {
        push(
            "summary",
            line("summary", quoted(&typography::apply(s, lang))),
        );
    }
    if !meta.review.is_empty() {
        push("review", line("review", list(&meta.review)));
    }
    push(
        "imported_from",
        line("imported_from", scalar(imported_from)),
    );
    push("import_hash", line("import_hash", import_hash.to_string()));
    e
}

/// Joins entries into a complete file.
pub fn file(entries: &[Entry], body: &str) -> String {
    let mut out = String::from("---\n");
    for e in entries {
        out.push_str(&e.text);
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}

/// A YAML double-quoted string. JSON's escapes are valid YAML.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "\\\"")))
}

/// A plain YAML scalar when that is unambiguous (letters, digits, spaces and
/// a few marks, not a YAML keyword), else a quoted one.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ’.-_/".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n" | "~"
        );
    if plain { s.to_string() } else { quoted(s) }
}

/// A YAML flow list: `[Guy Faulconbridge, title]`.
pub fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(escape_line_start("+ 550 offres"), "\\+ 550 offres");
        assert_eq!(escape_line_start("# 1"), "\\# 1");
        assert_eq!(escape_line_start("1. Premier"), "1\\. Premier");
        assert_eq!(escape_line_start("2017. Une année"), "2017\\. Une année");
        assert_eq!(escape_line_start("2017 fut"), "2017 fut");
        assert_eq!(escape_line_start("-- x"), "\\-- x");
        assert_eq!(escape_line_start("-1 %"), "-1 %");
        assert_eq!(inline("a *b* c_d", "en"), "a \\*b\\* c\\_d");
    }

    #[test]
    fn urls_are_not_escaped() {
        assert_eq!(
            inline("voir https://ex.org/a_b*c et *", "fr"),
            "voir https://ex.org/a_b*c et \\*"
        );
    }

    #[test]
    fn body_layout() {
        let b = body(
            &[
                BodyItem::Paragraph("Un.".into()),
                BodyItem::Heading("Titre".into()),
                BodyItem::Bullet("a".into()),
                BodyItem::Bullet("b".into()),
                BodyItem::Paragraph("Deux.".into()),
            ],
            "fr",
        );
        assert_eq!(b, "\nUn.\n\n## Titre\n\n- a\n- b\n\nDeux.\n");
    }

    #[test]
    fn yaml_scalars() {
        assert_eq!(scalar("Guy Faulconbridge"), "Guy Faulconbridge");
        assert_eq!(scalar("L’Usine Nouvelle"), "L’Usine Nouvelle");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("2017"), "\"2017\"");
        assert_eq!(list(&["title".into(), "date".into()]), "[title, date]");
        assert_eq!(quoted("« a »"), "\"« a »\"");
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(
            hash(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
