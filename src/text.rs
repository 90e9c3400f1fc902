//! Small text helpers shared by every stage: accent folding and slugs.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds accents and ligatures away: `Métadonnées` → `Metadonnees`,
/// `cœur` → `coeur`. Case is kept.
pub fn fold_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            c if is_combining_mark(c) => {}
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// A URL slug: accents folded, lowercase ASCII letters and digits joined by
/// single hyphens. `Le GCHQ veut l’accès` → `le-gchq-veut-l-acces`.
pub fn slugify(s: &str) -> String {
    let folded = fold_accents(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Whether a slug is safe to use as a path segment.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// Number of words, counting runs of letters and digits (French elisions such
/// as `l’accès` count as two words, as a reader would read them).
pub fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_french_accents() {
        assert_eq!(fold_accents("métadonnées"), "metadonnees");
        assert_eq!(fold_accents("Œuvre à côté"), "OEuvre a cote");
    }

    #[test]
    fn slugs_fold_and_join() {
        assert_eq!(slugify("métadonnées"), "metadonnees");
        assert_eq!(
            slugify("Le GCHQ britannique veut que Twitter et Facebook coopèrent plus"),
            "le-gchq-britannique-veut-que-twitter-et-facebook-cooperent-plus"
        );
        assert_eq!(slugify("  « L’accès » !  "), "l-acces");
        assert!(is_valid_slug("l-acces"));
        assert!(!is_valid_slug("../x"));
    }

    #[test]
    fn counts_words() {
        assert_eq!(word_count("l’accès aux données, 78 demandes"), 6);
    }
}
