//! Small text helpers shared by every stage: accent folding and slugs.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folds accents and ligatures away: `Métadonnées` → `Metadonnees`,
/// `cœur` → `coeur`. Case is kept.
pub fn fold_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for_each_folded(s, |c| out.push(c));
    out
}

/// Calls `emit` with each character of `s` with accents and ligatures
/// folded away, without building the string.
///
/// This is the canonical decomposition (NFD) with the combining marks
/// dropped, done one character at a time: NFD only reorders characters
/// whose combining class is not zero, and all of them are combining marks
/// (a test checks every character), which are dropped, so the order of
/// what remains is the same as after a whole-string NFD.
pub fn for_each_folded(s: &str, mut emit: impl FnMut(char)) {
    for c in s.chars() {
        if c.is_ascii() {
            emit(c);
        } else {
            decompose_canonical(c, |d| fold_decomposed(d, &mut emit));
        }
    }
}

fn fold_decomposed(c: char, emit: &mut impl FnMut(char)) {
    let pair = |emit: &mut dyn FnMut(char), a, b| {
        emit(a);
        emit(b);
    };
    match c {
        c if is_combining_mark(c) => {}
        'œ' => pair(emit, 'o', 'e'),
        'Œ' => pair(emit, 'O', 'E'),
        'æ' => pair(emit, 'a', 'e'),
        'Æ' => pair(emit, 'A', 'E'),
        'ß' => pair(emit, 's', 's'),
        _ => emit(c),
    }
}

/// A URL slug: accents folded, lowercase ASCII letters and digits joined by
/// single hyphens. `Le GCHQ veut l’accès` → `le-gchq-veut-l-acces`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for_each_folded(s, |c| {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    });
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
    // This runs over every article body at load time, so it counts the
    // starts of runs eight ASCII bytes at a time, and decodes characters
    // only around non-ASCII bytes.
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            // The ASCII bytes before the first non-ASCII one, if any.
            let high = word & 0x8080_8080_8080_8080;
            let ascii = if high == 0 {
                8
            } else {
                (high.trailing_zeros() / 8) as usize
            };
            if ascii > 0 {
                let mask = ascii_alphanumeric_mask(word) & ((1 << ascii) - 1);
                let starts = mask & !((mask << 1) | u32::from(in_word));
                count += starts.count_ones() as usize;
                in_word = mask & (1 << (ascii - 1)) != 0;
                i += ascii;
                continue;
            }
        }
        let b = bytes[i];
        let is_word = if b.is_ascii() {
            i += 1;
            ASCII_WORD[usize::from(b)]
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            is_alphanumeric(c)
        };
        if is_word && !in_word {
            count += 1;
        }
        in_word = is_word;
    }
    count
}

/// [`char::is_alphanumeric`], answered without the Unicode tables for the
/// characters of French and other Latin-script text (accented letters,
/// typographic quotes and spaces), which the standard library looks up
/// with a search through compressed tables.
pub fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 Supplement, Latin Extended-A and -B: letters (and a few
        // numbers: ² ½), not the signs before À nor × ÷ among them.
        0x80..=0x24F => matches!(
            c,
            'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼'..='¾' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ɏ'
        ),
        // General Punctuation: spaces, dashes, quotes, ellipsis.
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// Bit `k` is set when byte `k` of `word` (little-endian) is an ASCII
/// letter or digit; bits of bytes at or after the first non-ASCII byte
/// mean nothing. All eight bytes are classified at once: a byte is in
/// `lo..=hi` when adding `0x80 - lo` sets its high bit and adding
/// `0x7F - hi` does not (ASCII bytes never carry into the next byte).
fn ascii_alphanumeric_mask(word: u64) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let in_range = |v: u64, lo: u8, hi: u8| {
        v.wrapping_add(ONES * u64::from(0x80 - lo))
            & !v.wrapping_add(ONES * u64::from(0x7F - hi))
            & HIGH
    };
    let digits = in_range(word, b'0', b'9');
    // Setting bit 5 maps A-Z onto a-z, and nothing else onto a-z.
    let letters = in_range(word | (ONES * 0x20), b'a', b'z');
    // Gathers the high bit of each byte into the top byte, in order.
    (((digits | letters) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// ASCII letters and digits, by byte.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped_html(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape_html`] does, copying the runs
/// between special characters whole.
pub fn push_escaped_html(out: &mut String, s: &str) {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&s[run..]);
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

    /// The folding as it was, with a whole-string NFD.
    fn fold_accents_nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
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

    #[test]
    fn reordered_characters_are_all_dropped_marks() {
        // What makes folding one character at a time equal to a whole NFD.
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if canonical_combining_class(c) != 0 {
                assert!(is_combining_mark(c), "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn folding_by_character_matches_whole_nfd() {
        for s in [
            "Métadonnées, cœur, Æsir, Straße",
            "e\u{301}\u{323} o\u{308}\u{304} ǖ Ǻ ḗ ự",
            "한국어 ﬁ Å Ω ‘’ «\u{a0}» …",
            "plain ASCII",
            "",
        ] {
            assert_eq!(fold_accents(s), fold_accents_nfd(s), "{s}");
        }
        let all: String = (0xA0..0x3000).filter_map(char::from_u32).collect();
        assert_eq!(fold_accents(&all), fold_accents_nfd(&all));
    }

    #[test]
    fn counts_words_like_a_split_on_non_alphanumerics() {
        for s in [
            "",
            "   ",
            "l’accès aux données, 78 demandes",
            "a-b_c d\u{a0}e\u{202f}f Œuvre 12h30 ١٢٣ 漢字 x",
            "**gras** [lien](https://ex.org/a-b) `code`",
            "Le GCHQ veut l’accès aux données chiffrées — 78 demandes, «\u{a0}oui\u{a0}» ; a1b2c3d4e5f6g7h8 i",
            "12345678 abcdefgh ,,,,,,,, a,b,c,d,e,f,g,h éééééééé xxxxxxxé",
        ] {
            let expected = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(word_count(s), expected, "{s}");
        }
        // Every alignment of the eight-byte chunks against words and
        // non-ASCII characters.
        let long = "Le GCHQ veut l’accès aux données — 78 demandes, «\u{a0}oui\u{a0}» ; \
                    abcdefghijklmnop x y z 12345678 ééé ,,,,,,,,, fin";
        for (start, _) in long.char_indices() {
            let s = &long[start..];
            let expected = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(word_count(s), expected, "{s}");
        }
    }

    #[test]
    fn eight_byte_masks_classify_every_ascii_byte() {
        for b in 0..128u8 {
            for k in 0..8 {
                let mut bytes = *b"........";
                bytes[k] = b;
                let mask = ascii_alphanumeric_mask(u64::from_le_bytes(bytes));
                let expected = if b.is_ascii_alphanumeric() { 1 << k } else { 0 };
                assert_eq!(mask, expected, "byte {b} at {k}");
            }
        }
    }

    #[test]
    fn quick_alphanumeric_agrees_with_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html("a < b & \"c\" > 'd' é"),
            "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39; é"
        );
    }
}
