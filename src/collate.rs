//! French alphabetical order: accents and case do not move a word
//! (`métadonnées` sorts between `messagerie` and `NSA`); they only break
//! ties, so the order is total and stable.

use std::cmp::Ordering;

use crate::text::for_each_folded;

/// The primary sort key: accents folded, lowercase, letters and digits only.
pub fn sort_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for_each_folded(s, |c| {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c.is_whitespace() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() || c.is_whitespace() {
            key.extend(c.to_lowercase());
        }
    });
    key
}

pub fn french_cmp(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

/// The letter a word is filed under in an index: `É` files under `E`.
pub fn index_letter(s: &str) -> char {
    sort_key(s)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .unwrap_or('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_do_not_move_words() {
        let mut v = vec![
            "NSA",
            "métadonnées",
            "messagerie",
            "Five Eyes",
            "écoute",
            "chiffrement",
        ];
        v.sort_by(|a, b| french_cmp(a, b));
        assert_eq!(
            v,
            [
                "chiffrement",
                "écoute",
                "Five Eyes",
                "messagerie",
                "métadonnées",
                "NSA"
            ]
        );
        assert_eq!(index_letter("Écoute"), 'E');
        assert_eq!(
            sort_key("L’Œuvre d’İstanbul, 2e"),
            "lœuvre distanbul 2e".replace('œ', "oe")
        );
    }
}
