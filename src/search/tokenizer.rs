//! Text → index terms, with the rules of the text's language.
//!
//! Every decision about what matches what is taken here, at build time, so
//! the browser needs no stemmer: it only folds and lowercases the words it is
//! given and looks them up in tables this module produced (see
//! [`super::shards`]).
//!
//! A word goes through: split on anything that is not a letter, digit or
//! combining mark (apostrophes included, so `l’accès` gives `l` and
//! `accès`), French elided articles and pronouns dropped (`l’`, `qu’`,
//! `jusqu’`…), stopwords dropped, then two keys are kept: the *form* (the
//! word lowercased with accents folded, what a reader types: `metadonnees`)
//! and the *stem* (Snowball stemming of the accented word, then folded:
//! `chiffrés`, `chiffrement`, `chiffrer` → `chiffr`).

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::text::fold_accents;

/// French words that are elided before a vowel (`l’État`, `jusqu’à`), folded.
/// Only the elided form followed by an apostrophe is dropped: `l` alone is
/// left to the stopword list.
pub const FRENCH_ELISIONS: &[&str] = &[
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu",
];

/// Words longer than this are not words (URLs without separators, hashes).
const MAX_WORD_CHARS: usize = 40;

/// One word of a text as it was written, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// Whether an apostrophe follows at once (`l` in `l’accès`).
    pub before_apostrophe: bool,
}

/// An indexable word: what a reader types and what it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lowercase, accents folded: `metadonnees`.
    pub form: String,
    /// Stem of the word in its language, lowercase, accents folded.
    pub stem: String,
}

/// Apostrophes that join an elided word to the next one. U+02BC is a
/// letter for Unicode, so it must be named here to split words.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Letters, digits and combining marks (so decomposed accents stay inside
/// their word) make words; everything else separates them.
pub fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_apostrophe(c)
}

/// Characters below this are classified by [`WORD_CHARS`]: Latin,
/// Greek, Cyrillic, Hebrew, Arabic… and general punctuation (the
/// typographic apostrophe, dashes, spaces and quotes of French text).
const TABLE_CHARS: usize = 0x2070;

/// [`is_word_char`] of every character below [`TABLE_CHARS`], a bit each:
/// Unicode's tables are searched for every non-ASCII character otherwise.
static WORD_CHARS: LazyLock<[u64; TABLE_CHARS.div_ceil(64)]> = LazyLock::new(|| {
    let mut bits = [0u64; TABLE_CHARS.div_ceil(64)];
    for (cp, c) in (0..TABLE_CHARS as u32).filter_map(|cp| Some((cp as usize, char::from_u32(cp)?)))
    {
        if is_word_char(c) {
            bits[cp / 64] |= 1 << (cp % 64);
        }
    }
    bits
});

/// [`is_word_char`], through [`WORD_CHARS`] where it can.
#[inline]
fn is_word_char_fast(c: char) -> bool {
    let cp = c as usize;
    if cp < TABLE_CHARS {
        WORD_CHARS[cp / 64] >> (cp % 64) & 1 == 1
    } else {
        is_word_char(c)
    }
}

/// Splits a text into words, keeping where each one is.
pub fn words(text: &str) -> Vec<Word<'_>> {
    WordIter::new(text).collect()
}

/// The words of a text, one at a time (see [`words`]): the index build
/// walks millions of words and needs no vector of them. ASCII, most of
/// any text, is classified by byte; other characters are decoded.
#[derive(Debug, Clone)]
pub struct WordIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> WordIter<'a> {
    pub fn new(text: &'a str) -> Self {
        WordIter { text, pos: 0 }
    }

    /// The non-ASCII character that starts at byte `i` (a character
    /// boundary of a valid UTF-8 text), and its length.
    fn decode(&self, i: usize) -> (char, usize) {
        let b = self.text.as_bytes();
        let cont = |k: usize| u32::from(b[i + k] & 0x3f);
        let lead = u32::from(b[i]);
        let (cp, n) = if lead < 0xe0 {
            (((lead & 0x1f) << 6) | cont(1), 2)
        } else if lead < 0xf0 {
            (((lead & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3)
        } else {
            (
                ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            )
        };
        (char::from_u32(cp).expect("valid UTF-8"), n)
    }
}

impl<'a> Iterator for WordIter<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut start = self.pos;
        // To the next word: ASCII by byte, the rest decoded.
        while start < len {
            let b = bytes[start];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                start += 1;
            } else {
                let (c, n) = self.decode(start);
                if is_word_char_fast(c) {
                    break;
                }
                start += n;
            }
        }
        if start >= len {
            self.pos = len;
            return None;
        }
        let mut end = start;
        let mut before_apostrophe = false;
        while end < len {
            let b = bytes[end];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    end += 1;
                    continue;
                }
                before_apostrophe = b == b'\'';
                break;
            }
            let (c, n) = self.decode(end);
            if !is_word_char_fast(c) {
                before_apostrophe = is_apostrophe(c);
                break;
            }
            end += n;
        }
        // The separator after the word is skipped by the next call.
        self.pos = end;
        Some(Word {
            text: &self.text[start..end],
            start,
            end,
            before_apostrophe,
        })
    }
}

/// Lowercase with accents folded: the form a query word is looked up by.
pub fn fold(word: &str) -> String {
    // ASCII has no accents to fold: one pass instead of three.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    fold_accents(&word.to_lowercase()).to_lowercase()
}

/// The primary subtag of a language code: `fr-CA` → `fr`.
fn primary_language(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn algorithm(lang: &str) -> Option<Algorithm> {
    Some(match lang {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// The rules of one language: stemmer, stopwords, elisions.
pub struct Analyzer {
    lang: String,
    stemmer: Option<Stemmer>,
    /// Folded, so `à` and `a`, `été` and `ete` are both stopwords.
    stopwords: FxHashSet<String>,
    elisions: &'static [&'static str],
}

impl Analyzer {
    /// The analyzer for a language code (`fr`, `en-GB`). A language without a
    /// Snowball stemmer is indexed by folded forms only; without a stopword
    /// list, every word is kept.
    pub fn new(lang: &str) -> Analyzer {
        let lang = primary_language(lang);
        let stopwords = stop_words::lookup(&lang)
            .unwrap_or(&[])
            .iter()
            .map(|w| fold(w))
            .collect();
        Analyzer {
            stemmer: algorithm(&lang).map(Stemmer::create),
            elisions: if lang == "fr" { FRENCH_ELISIONS } else { &[] },
            stopwords,
            lang,
        }
    }

    /// The primary language code this analyzer follows.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stopwords.contains(folded)
    }

    /// Stopwords, folded, sorted (shipped to the browser to drop them from
    /// queries).
    pub fn stopwords(&self) -> Vec<String> {
        let mut v: Vec<String> = self.stopwords.iter().cloned().collect();
        v.sort();
        v
    }

    pub fn elisions(&self) -> &'static [&'static str] {
        self.elisions
    }

    /// Whether `word` is an elided article or pronoun to drop.
    fn is_elided(&self, word: &Word, folded: &str) -> bool {
        word.before_apostrophe && self.elisions.contains(&folded)
    }

    /// The stem of a word: Snowball works on the accented lowercase word
    /// (accents carry meaning for it: `é` ends participles), and the result
    /// is folded so it compares with what readers type.
    pub fn stem(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        // Most text is composed already: recomposing it would copy it as is.
        let lower = if lower.is_ascii() || is_nfc_quick(lower.chars()) == IsNormalized::Yes {
            lower
        } else {
            lower.nfc().collect()
        };
        let stemmed: Cow<str> = match &self.stemmer {
            Some(s) if !lower.chars().any(|c| c.is_ascii_digit()) => s.stem(&lower),
            _ => Cow::Borrowed(lower.as_str()),
        };
        fold(&stemmed)
    }

    /// The indexable token of one word, or `None` for an elided word, a
    /// stopword or a run of characters too long to be a word.
    pub fn token(&self, word: &Word) -> Option<Token> {
        if word.text.chars().count() > MAX_WORD_CHARS {
            return None;
        }
        let form = fold(word.text);
        if form.is_empty() || self.is_elided(word, &form) || self.is_stopword(&form) {
            return None;
        }
        let stem = self.stem(word.text);
        Some(Token {
            stem: if stem.is_empty() { form.clone() } else { stem },
            form,
        })
    }

    /// Every indexable token of a text, in order.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        words(text).iter().filter_map(|w| self.token(w)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(a: &Analyzer, text: &str) -> Vec<String> {
        a.tokens(text).into_iter().map(|t| t.form).collect()
    }

    fn stems(a: &Analyzer, text: &str) -> Vec<String> {
        a.tokens(text).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn folds_accents_and_case() {
        let fr = Analyzer::new("fr");
        assert_eq!(
            forms(&fr, "Métadonnées CHIFFRÉS"),
            ["metadonnees", "chiffres"]
        );
        // Decomposed accents (NFD input) stay inside the word.
        assert_eq!(forms(&fr, "me\u{301}tadonne\u{301}es"), ["metadonnees"]);
        assert_eq!(fold("Œuvre"), "oeuvre");
    }

    #[test]
    fn splits_elisions() {
        let text = "l’accès, d'accès, qu’il, jusqu’à lorsqu’on puisqu'elle";
        let ws: Vec<&str> = words(text).iter().map(|w| w.text).collect();
        assert_eq!(
            ws,
            [
                "l", "accès", "d", "accès", "qu", "il", "jusqu", "à", "lorsqu", "on", "puisqu",
                "elle"
            ]
        );
        let fr = Analyzer::new("fr");
        // Elided words go; `il`, `à`, `on`, `elle` are stopwords.
        assert_eq!(forms(&fr, text), ["acces", "acces"]);
        // The modifier-letter apostrophe splits too.
        assert_eq!(forms(&fr, "lʼÉtat"), ["etat"]);
        // A lone letter that is not elided is left to the stopword list:
        // `s` is one, `x` is not.
        assert_eq!(forms(&fr, "s x"), ["x"]);
    }

    #[test]
    fn french_stemming_joins_word_forms() {
        let fr = Analyzer::new("fr");
        let s = stems(&fr, "chiffrés chiffrement chiffrer chiffrée");
        assert!(s.iter().all(|x| x == &s[0]), "{s:?}");
        assert_eq!(s[0], "chiffr");
        assert_eq!(stems(&fr, "métadonnées métadonnée"), ["metadon", "metadon"]);
        // Snowball needs the accents: typed without them, the word stems
        // differently. That is why the index ships folded forms too.
        assert_eq!(stems(&fr, "metadonnees"), ["metadonne"]);
        // A stem is not always a prefix of its words.
        assert_eq!(fr.stem("gouvernementaux"), "gouvernemental");
        // Digits are not stemmed.
        assert_eq!(stems(&fr, "2014 G7"), ["2014", "g7"]);
    }

    #[test]
    fn stopwords_are_not_indexed() {
        let fr = Analyzer::new("fr");
        assert_eq!(
            forms(&fr, "Le GCHQ et les réseaux sociaux de la France"),
            ["gchq", "reseaux", "sociaux", "france"]
        );
        assert!(fr.is_stopword("a"), "à folds to a");
        assert!(fr.stopwords().contains(&"ete".to_string()));
    }

    #[test]
    fn english_pages_use_english_rules() {
        let en = Analyzer::new("en-GB");
        assert_eq!(en.lang(), "en");
        assert_eq!(
            forms(&en, "The encryption of the messages"),
            ["encryption", "messages"]
        );
        assert_eq!(stems(&en, "encrypted encrypting"), ["encrypt", "encrypt"]);
        // No French elisions in English: `d` is kept as a word (not a stopword).
        assert!(en.elisions().is_empty());
        let fr = Analyzer::new("fr");
        assert_ne!(fr.stem("encrypted"), "encrypt");
    }

    #[test]
    fn shortcuts_give_what_the_full_path_gives() {
        let fr = Analyzer::new("fr");
        for w in [
            "Chiffrement",
            "GCHQ",
            "métadonnées",
            "me\u{301}tadonne\u{301}es",
            "ŒUVRES",
            "straße",
            "2014",
            "İstanbul",
            "ǅemal",
        ] {
            let full = fold_accents(&w.to_lowercase()).to_lowercase();
            assert_eq!(fold(w), full, "{w}");
            let lower: String = w.to_lowercase().nfc().collect();
            let stemmed = if lower.chars().any(|c| c.is_ascii_digit()) {
                lower
            } else {
                Stemmer::create(Algorithm::French).stem(&lower).into_owned()
            };
            let folded = fold_accents(&stemmed.to_lowercase()).to_lowercase();
            assert_eq!(fr.stem(w), folded, "{w}");
        }
    }

    #[test]
    fn unknown_languages_keep_folded_words() {
        let xx = Analyzer::new("xx");
        assert_eq!(stems(&xx, "Ãrvore chiffrés"), ["arvore", "chiffres"]);
    }

    /// The split as it was first written, a character at a time.
    fn words_char_by_char(text: &str) -> Vec<Word<'_>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (start, is_word_char(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    out.push(Word {
                        text: &text[s..i],
                        start: s,
                        end: i,
                        before_apostrophe: is_apostrophe(c),
                    });
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn the_word_char_table_agrees_with_unicode() {
        for c in (0..TABLE_CHARS as u32 + 0x100).filter_map(char::from_u32) {
            assert_eq!(is_word_char_fast(c), is_word_char(c), "{c:?}");
        }
        assert!(is_word_char_fast('é') && is_word_char_fast('\u{301}'));
        assert!(!is_word_char_fast('’') && !is_word_char_fast('\u{a0}'));
    }

    #[test]
    fn word_iter_splits_like_a_char_by_char_scan() {
        for text in [
            "",
            "   ",
            "a",
            "é",
            "l’accès, d'accès, qu‘il lʼÉtat",
            "x’",
            "’y '",
            "me\u{301}tadonne\u{301}es CHIFFRÉS",
            "« Guillemets » — tiret\u{a0}insécable, G7 2014-11-03.",
            "日本語のテキスト 🙂 fin\n\tœuvre",
            "\u{301}combining first",
            "ﬁn de l’𝔸lpha, x\u{2070}y\u{2019}",
        ] {
            assert_eq!(words(text), words_char_by_char(text), "{text:?}");
        }
    }

    #[test]
    fn long_runs_are_not_words() {
        let fr = Analyzer::new("fr");
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert!(fr.tokens(&long).is_empty());
    }
}
