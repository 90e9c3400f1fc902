//! French typography, applied to prose at render time and by the importer.
//!
//! The rules of the French press (Lexique des règles typographiques de
//! l’Imprimerie nationale, as applied by the agencies): guillemets « » with
//! no-break spaces inside, a narrow no-break space (U+202F) before `;` `!` `?`,
//! a no-break space (U+00A0) before `:`, typographic apostrophes, an ellipsis
//! character. URLs are copied untouched. Code never reaches this module: the
//! Markdown renderer only hands it text events outside code.
//!
//! Markdown splits a paragraph into several text events around emphasis and
//! links, so the [`Typographer`] keeps the previous character and the quote
//! state from one call to the next within a block.

/// No-break space, before `:` and inside guillemets.
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space, before `;`, `!` and `?`.
pub const NNBSP: char = '\u{202f}';

/// Applies French typography to successive runs of text of one block.
#[derive(Debug, Clone)]
pub struct Typographer {
    french: bool,
    /// Last character emitted, `None` at the start of a block.
    prev: Option<char>,
    /// Whether a straight double quote opened and is waiting to close.
    open_double: bool,
    /// Depth of « guillemets », for the agencies' `+inner+` quotes.
    guillemets: usize,
}

impl Typographer {
    /// French rules for `fr*` languages; other languages only get the
    /// language-neutral fixes (apostrophes, ellipsis, collapsed spaces).
    pub fn new(lang: &str) -> Self {
        Typographer {
            french: lang.is_empty() || lang.starts_with("fr"),
            prev: None,
            open_double: false,
            guillemets: 0,
        }
    }

    /// Forgets the context, at a block boundary.
    pub fn reset(&mut self) {
        self.prev = None;
        self.open_double = false;
        self.guillemets = 0;
    }

    /// Records text emitted without typography (code, a hard break), so the
    /// next run knows what precedes it.
    pub fn note_verbatim(&mut self, s: &str) {
        if let Some(c) = s.chars().last() {
            self.prev = Some(c);
        }
    }

    /// Returns `text` with the rules applied, URLs left as they are.
    pub fn process(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        if !self.process_into(text, &mut out) {
            out.push_str(text);
        }
        out
    }

    /// Appends `text` with the rules applied to `out` and returns `true`,
    /// or returns `false` without touching `out` when the rules leave
    /// `text` exactly as it is (most runs of English, many of French), so
    /// the caller can keep the text it already has. The state moves on
    /// either way. Spaces are trimmed before punctuation only within what
    /// this call appends: `out` may hold a whole document.
    pub fn process_into(&mut self, text: &str, out: &mut String) -> bool {
        if !may_hold_url(text) {
            return self.prose(text, out, None);
        }
        let floor = out.len();
        let mut changed = false;
        for (is_url, piece) in split_urls(text) {
            if is_url {
                out.push_str(piece);
                self.note_verbatim(piece);
            } else {
                changed |= self.prose(piece, out, Some(floor));
            }
        }
        if !changed {
            out.truncate(floor);
        }
        changed
    }

    /// Typesets one piece of prose. Bytes that no rule looks at are copied
    /// in runs; only the few characters a rule is about (and a space that
    /// follows a space) stop the scan. With `floor` set, the piece is
    /// always appended (it is part of a larger run that already started);
    /// without it, nothing is appended when nothing changes.
    fn prose(&mut self, text: &str, out: &mut String, floor: Option<usize>) -> bool {
        let mut doubles = DoubleSpaces::new(text);
        let Some(first) = self.next_stop(text, 0, &mut doubles) else {
            self.note_run(text);
            if floor.is_some() {
                out.push_str(text);
            }
            return false;
        };
        let floor = floor.unwrap_or(out.len());
        let mut run = 0; // start of the bytes not yet copied
        let mut i = first;
        loop {
            out.push_str(&text[run..i]);
            self.note_run(&text[run..i]);
            let next = self.apply_rule(text, i, out, floor);
            run = next;
            match self.next_stop(text, next, &mut doubles) {
                Some(stop) => i = stop,
                None => break,
            }
        }
        out.push_str(&text[run..]);
        self.note_run(&text[run..]);
        true
    }

    /// Where the next rule applies, from byte `from` on; `None` when the
    /// rest of the text is copied as it is. Spaces are frequent and
    /// rarely matter, so they are not looked at one by one: a space stops
    /// the copy only after a space, found with a substring search.
    fn next_stop(&self, text: &str, from: usize, doubles: &mut DoubleSpaces) -> Option<usize> {
        let b = text.as_bytes();
        if b.get(from) == Some(&b' ') && self.prev == Some(' ') {
            return Some(from);
        }
        let double = doubles.next_from(text, from);
        let end = double.unwrap_or(b.len());
        let mut i = from;
        while i < end {
            let Some(chunk) = b.get(i..i + 8) else {
                let tail =
                    (i..end).find(|&j| MAY_STOP[usize::from(b[j])] && self.stops_at(text, j));
                return tail.or(double);
            };
            let mut candidates =
                may_stop_candidates(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
            while candidates != 0 {
                let j = i + candidates.trailing_zeros() as usize / 8;
                if j >= end {
                    return double;
                }
                if MAY_STOP[usize::from(b[j])] && self.stops_at(text, j) {
                    return Some(j);
                }
                candidates &= candidates - 1;
            }
            i += 8;
        }
        double
    }

    /// Whether a rule applies to the byte `i`, one of [`MAY_STOP`].
    fn stops_at(&self, text: &str, i: usize) -> bool {
        let b = text.as_bytes();
        match b[i] {
            b'\'' | b'"' | b'\t' => true,
            b'.' => b.get(i + 1) == Some(&b'.') && b.get(i + 2) == Some(&b'.'),
            b'+' => self.french && self.guillemets > 0,
            b';' | b'!' | b'?' => self.french,
            b':' => self.french && text[i + 1..].chars().next().is_none_or(char::is_whitespace),
            // « and » are C2 AB and C2 BB in UTF-8.
            _ => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
        }
    }

    /// Applies the rule for the character at byte `i` (a stop found by
    /// [`Self::next_stop`]) and returns the byte where copying resumes.
    fn apply_rule(&mut self, text: &str, i: usize, out: &mut String, floor: usize) -> usize {
        let b = text.as_bytes();
        let next_char = || text[i + 1..].chars().next();
        match b[i] {
            b'.' => {
                self.push(out, '…');
                i + 3
            }
            b'\'' => {
                self.push(out, '’');
                i + 1
            }
            b'"' => {
                let opens = !self.open_double
                    && self
                        .prev
                        .is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
                if opens {
                    self.open_double = true;
                    self.open_guillemet(out);
                    skip_spaces(b, i + 1)
                } else {
                    self.open_double = false;
                    self.close_guillemet(out, floor);
                    i + 1
                }
            }
            0xC2 if b[i + 1] == 0xAB => {
                self.open_guillemet(out);
                skip_spaces(b, i + 2)
            }
            0xC2 => {
                self.close_guillemet(out, floor);
                i + 2
            }
            b'+' => {
                // Agency convention: «… +inner quote+ …» → “inner quote”.
                let next = next_char();
                let after_open = self.prev.is_none_or(|p| !p.is_alphanumeric())
                    && next.is_some_and(|n| n.is_alphabetic());
                let before_close = self.prev.is_some_and(|p| p.is_alphanumeric() || p == '.')
                    && next.is_none_or(|n| !n.is_alphanumeric());
                if after_open {
                    self.push(out, '“');
                } else if before_close {
                    self.push(out, '”');
                } else {
                    self.push(out, '+');
                }
                i + 1
            }
            c @ (b';' | b'!' | b'?') => {
                self.space_before(out, NNBSP, floor);
                self.push(out, c as char);
                i + 1
            }
            b':' => {
                self.space_before(out, NBSP, floor);
                self.push(out, ':');
                i + 1
            }
            // A space after a space, or a tab: collapse runs of spaces;
            // no-break spaces are kept as written.
            _ => {
                if self.prev != Some(' ') {
                    self.push(out, ' ');
                }
                i + 1
            }
        }
    }

    /// Records a run copied as it is: its last character precedes the next.
    fn note_run(&mut self, run: &str) {
        match run.as_bytes().last() {
            None => {}
            Some(&x) if x.is_ascii() => self.prev = Some(x as char),
            Some(_) => self.prev = run.chars().next_back(),
        }
    }

    fn push(&mut self, out: &mut String, c: char) {
        out.push(c);
        self.prev = Some(c);
    }

    fn open_guillemet(&mut self, out: &mut String) {
        self.guillemets += 1;
        if self.french {
            self.push(out, '«');
            self.push(out, NBSP);
        } else {
            self.push(out, '“');
        }
    }

    fn close_guillemet(&mut self, out: &mut String, floor: usize) {
        self.guillemets = self.guillemets.saturating_sub(1);
        if self.french {
            trim_trailing_spaces(out, floor);
            self.push(out, NBSP);
            self.push(out, '»');
        } else {
            // `« title »` written with spaces must not become `“title ”`.
            trim_trailing_spaces(out, floor);
            self.push(out, '”');
        }
    }

    /// Puts exactly one `space` before the punctuation about to be pushed,
    /// unless the punctuation starts the block or repeats (`?!`).
    fn space_before(&mut self, out: &mut String, space: char, floor: usize) {
        match self.prev {
            None => {}
            Some(p) if "!?;:".contains(p) || p == NNBSP || p == NBSP => {}
            Some(p) if p.is_whitespace() => {
                trim_trailing_spaces(out, floor);
                self.push(out, space);
            }
            Some(_) => self.push(out, space),
        }
    }
}

/// The bytes [`Typographer::stops_at`] looks at: every character a rule is
/// about but the space, and the first byte of « and ».
static MAY_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\t'\".+;!?:\xC2";
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each byte of `word` that equals `value`.
fn bytes_equal(word: u64, value: u8) -> u64 {
    let x = word ^ (ONES * u64::from(value));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The high bit of each byte of `word` (eight bytes of text) that may be
/// one of [`MAY_STOP`]: the ASCII punctuation from `!` to `?`, which holds
/// all of them but the tab, the tab, and the first byte of « and ».
fn may_stop_candidates(word: u64) -> u64 {
    let low = word & LOW7;
    let at_least_bang = low + ONES * (0x80 - 0x21);
    let above_question = low + ONES * (0x7F - 0x3F);
    let punctuation = at_least_bang & !above_question & !word & HIGH;
    punctuation | bytes_equal(word, b'\t') | bytes_equal(word, 0xC2)
}

/// The second spaces of the pairs of spaces in a text, in order: each
/// collapses into the one before it.
struct DoubleSpaces {
    /// The first one after the last byte searched from, if any.
    next: Option<usize>,
}

impl DoubleSpaces {
    fn new(text: &str) -> Self {
        DoubleSpaces {
            next: find_double_space(text.as_bytes(), 0),
        }
    }

    /// The second space of the first pair that lies wholly at or after
    /// byte `from`; `from` never decreases from one call to the next.
    fn next_from(&mut self, text: &str, from: usize) -> Option<usize> {
        if self.next.is_some_and(|second| second <= from) {
            self.next = find_double_space(text.as_bytes(), from);
        }
        self.next
    }
}

/// The second space of the first pair of spaces at or after `from`,
/// looking at eight bytes at a time (a text has a space every few bytes,
/// and almost never two in a row).
fn find_double_space(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut after_space = false;
    while let Some(chunk) = b.get(i..i + 8) {
        let spaces = bytes_equal(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])), b' ');
        let pairs = spaces & ((spaces << 8) | (u64::from(after_space) << 7));
        if pairs != 0 {
            return Some(i + pairs.trailing_zeros() as usize / 8);
        }
        after_space = spaces >> 63 != 0;
        i += 8;
    }
    while i < b.len() {
        let space = b[i] == b' ';
        if space && after_space {
            return Some(i);
        }
        after_space = space;
        i += 1;
    }
    None
}

/// Skips the spaces after an opening guillemet: ` `, no-break space, tab.
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(0xC2) if b.get(i + 1) == Some(&0xA0) => i += 2,
            _ => return i,
        }
    }
}

/// Drops the spaces at the end of `out`, not before `floor`.
fn trim_trailing_spaces(out: &mut String, floor: usize) {
    while out.len() > floor && out.ends_with([' ', NBSP, NNBSP, '\t']) {
        out.pop();
    }
}

/// Whether a URL may start in `text`: most prose has neither a scheme's
/// colon nor `www.`, and then skips the URL split altogether.
fn may_hold_url(text: &str) -> bool {
    text.contains(':') || text.contains("www.")
}

/// Splits text into `(is_url, piece)` runs. A URL starts with a scheme
/// (`http://`, `https://`, `mailto:`) or `www.` and runs to the next space.
/// Every URL start is found in one pass beforehand, so a long text with many
/// URLs costs linear time.
fn split_urls(text: &str) -> Vec<(bool, &str)> {
    let starts = url_starts(text);
    let mut pieces = Vec::new();
    let mut pos = 0;
    let mut next = starts.iter().copied().peekable();
    loop {
        while next.next_if(|&s| s < pos).is_some() {}
        let Some(start) = next.next() else { break };
        if start > pos {
            pieces.push((false, &text[pos..start]));
        }
        let tail = &text[start..];
        let mut end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        // Trailing sentence punctuation is not part of the URL.
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '»', '"']) {
            end -= tail[..end].chars().last().map_or(1, char::len_utf8);
        }
        if end == 0 {
            // Nothing URL-like after all: emit one char as prose and move on.
            let n = tail.chars().next().map_or(1, char::len_utf8);
            pieces.push((false, &text[start..start + n]));
            pos = start + n;
            continue;
        }
        pieces.push((true, &tail[..end]));
        pos = start + end;
    }
    if pos < text.len() {
        pieces.push((false, &text[pos..]));
    }
    pieces
}

/// Byte offsets where a URL may start: a scheme or `www.` not glued to a
/// preceding letter or digit, in increasing order.
fn url_starts(text: &str) -> Vec<usize> {
    // Most prose has no URL: two quick scans instead of four searches
    // (the typography pass was a fifth of a build's instructions).
    if !text.contains(':') && !text.contains("www.") {
        return Vec::new();
    }
    let mut starts: Vec<usize> = ["https://", "http://", "mailto:", "www."]
        .iter()
        .flat_map(|p| text.match_indices(p).map(|(i, _)| i))
        .filter(|&i| !text[..i].ends_with(|c: char| c.is_alphanumeric()))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Applies the rules to one self-contained string (a title, a summary).
pub fn apply(text: &str, lang: &str) -> String {
    Typographer::new(lang).process(text)
}

/// Splits text into `(is_url, piece)` runs, by the rule the typographer
/// uses, so other writers (the importer's Markdown escaping) leave the same
/// URLs untouched.
pub fn url_pieces(text: &str) -> Vec<(bool, &str)> {
    split_urls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typographer as it was before it copied untouched runs whole,
    /// kept to check the fast one gives the same text on every input.
    mod reference {
        use super::super::{NBSP, NNBSP, split_urls};

        /// Applies French typography to successive runs of text of one block.
        pub struct Typographer {
            french: bool,
            /// Last character emitted, `None` at the start of a block.
            prev: Option<char>,
            /// Whether a straight double quote opened and is waiting to close.
            open_double: bool,
            /// Depth of « guillemets », for the agencies' `+inner+` quotes.
            guillemets: usize,
        }

        impl Typographer {
            /// French rules for `fr*` languages; other languages only get the
            /// language-neutral fixes (apostrophes, ellipsis, collapsed spaces).
            pub fn new(lang: &str) -> Self {
                Typographer {
                    french: lang.is_empty() || lang.starts_with("fr"),
                    prev: None,
                    open_double: false,
                    guillemets: 0,
                }
            }

            /// Forgets the context, at a block boundary.
            pub fn reset(&mut self) {
                self.prev = None;
                self.open_double = false;
                self.guillemets = 0;
            }

            /// Records text emitted without typography (code, a hard break), so the
            /// next run knows what precedes it.
            pub fn note_verbatim(&mut self, s: &str) {
                if let Some(c) = s.chars().last() {
                    self.prev = Some(c);
                }
            }

            /// Returns `text` with the rules applied, URLs left as they are.
            pub fn process(&mut self, text: &str) -> String {
                let mut out = String::with_capacity(text.len() + 8);
                for (is_url, piece) in split_urls(text) {
                    if is_url {
                        out.push_str(piece);
                        self.note_verbatim(piece);
                    } else {
                        self.process_prose(piece, &mut out);
                    }
                }
                out
            }

            fn process_prose(&mut self, text: &str, out: &mut String) {
                let chars: Vec<char> = text.chars().collect();
                let mut i = 0;
                while i < chars.len() {
                    let c = chars[i];
                    let next = chars.get(i + 1).copied();
                    match c {
                        '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                            self.push(out, '…');
                            i += 3;
                            continue;
                        }
                        '\'' => self.push(out, '’'),
                        '"' => {
                            let opens = !self.open_double
                                && self
                                    .prev
                                    .is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
                            if opens {
                                self.open_double = true;
                                self.open_guillemet(out);
                                i = skip_spaces(&chars, i + 1);
                                continue;
                            } else {
                                self.open_double = false;
                                self.close_guillemet(out);
                            }
                        }
                        '«' => {
                            self.open_guillemet(out);
                            i = skip_spaces(&chars, i + 1);
                            continue;
                        }
                        '»' => self.close_guillemet(out),
                        '+' if self.guillemets > 0 && self.french => {
                            // Agency convention: «… +inner quote+ …» → “inner quote”.
                            let after_open = self.prev.is_none_or(|p| !p.is_alphanumeric())
                                && next.is_some_and(|n| n.is_alphabetic());
                            let before_close =
                                self.prev.is_some_and(|p| p.is_alphanumeric() || p == '.')
                                    && next.is_none_or(|n| !n.is_alphanumeric());
                            if after_open {
                                self.push(out, '“');
                            } else if before_close {
                                self.push(out, '”');
                            } else {
                                self.push(out, '+');
                            }
                        }
                        ';' | '!' | '?' if self.french => {
                            self.space_before(out, NNBSP);
                            self.push(out, c);
                        }
                        ':' if self.french && next.is_none_or(char::is_whitespace) => {
                            self.space_before(out, NBSP);
                            self.push(out, c);
                        }
                        ' ' | '\t' => {
                            // Collapse runs of spaces; keep no-break spaces as written.
                            if self.prev != Some(' ') {
                                self.push(out, ' ');
                            }
                        }
                        _ => self.push(out, c),
                    }
                    i += 1;
                }
            }

            fn push(&mut self, out: &mut String, c: char) {
                out.push(c);
                self.prev = Some(c);
            }

            fn open_guillemet(&mut self, out: &mut String) {
                self.guillemets += 1;
                if self.french {
                    self.push(out, '«');
                    self.push(out, NBSP);
                } else {
                    self.push(out, '“');
                }
            }

            fn close_guillemet(&mut self, out: &mut String) {
                self.guillemets = self.guillemets.saturating_sub(1);
                if self.french {
                    trim_trailing_spaces(out);
                    self.push(out, NBSP);
                    self.push(out, '»');
                } else {
                    // `« title »` written with spaces must not become `“title ”`.
                    trim_trailing_spaces(out);
                    self.push(out, '”');
                }
            }

            /// Puts exactly one `space` before the punctuation about to be pushed,
            /// unless the punctuation starts the block or repeats (`?!`).
            fn space_before(&mut self, out: &mut String, space: char) {
                match self.prev {
                    None => {}
                    Some(p) if "!?;:".contains(p) || p == NNBSP || p == NBSP => {}
                    Some(p) if p.is_whitespace() => {
                        trim_trailing_spaces(out);
                        self.push(out, space);
                    }
                    Some(_) => self.push(out, space),
                }
            }
        }

        fn skip_spaces(chars: &[char], mut i: usize) -> usize {
            while i < chars.len() && (chars[i] == ' ' || chars[i] == NBSP || chars[i] == '\t') {
                i += 1;
            }
            i
        }

        fn trim_trailing_spaces(out: &mut String) {
            while out.ends_with([' ', NBSP, NNBSP, '\t']) {
                out.pop();
            }
        }
    }

    fn fr(s: &str) -> String {
        apply(s, "fr")
    }

    #[test]
    fn guillemets_get_no_break_spaces() {
        assert_eq!(
            fr("« une possibilité d'accès »"),
            "«\u{a0}une possibilité d’accès\u{a0}»"
        );
        assert_eq!(
            fr("«Il n'est pas question»"),
            "«\u{a0}Il n’est pas question\u{a0}»"
        );
        assert_eq!(
            fr("il dit \"le défi\" ici"),
            "il dit «\u{a0}le défi\u{a0}» ici"
        );
    }

    #[test]
    fn agency_inner_quotes_become_english_quotes() {
        assert_eq!(
            fr("«pas question de +portes dérobées+ ou»"),
            "«\u{a0}pas question de “portes dérobées” ou\u{a0}»"
        );
        assert_eq!(fr("+ 550 offres"), "+ 550 offres");
    }

    #[test]
    fn spaces_before_high_punctuation() {
        assert_eq!(
            fr("Pourquoi ? Parce que!"),
            "Pourquoi\u{202f}? Parce que\u{202f}!"
        );
        assert_eq!(
            fr("poursuivant: \"On\""),
            "poursuivant\u{a0}: «\u{a0}On\u{a0}»"
        );
        assert_eq!(fr("a ; b"), "a\u{202f}; b");
        assert_eq!(fr("Quoi ?!"), "Quoi\u{202f}?!");
    }

    #[test]
    fn ellipsis_and_spaces() {
        assert_eq!(fr("génération (...) Les"), "génération (…) Les");
        assert_eq!(fr("a   b"), "a b");
    }

    #[test]
    fn urls_are_left_alone() {
        assert_eq!(
            fr("voir https://ex.org/a?b=c:d. Fin"),
            "voir https://ex.org/a?b=c:d. Fin"
        );
        assert_eq!(fr("à 10:30"), "à 10:30");
    }

    #[test]
    fn english_keeps_its_own_rules() {
        assert_eq!(apply("He said: \"no\" ok?", "en"), "He said: “no” ok?");
        assert_eq!(apply("it's", "en"), "it’s");
        assert_eq!(apply("« A title »", "en"), "“A title”");
    }

    #[test]
    fn context_carries_across_runs() {
        let mut t = Typographer::new("fr");
        let a = t.process("il a dit \"");
        let b = t.process("oui");
        let c = t.process("\" hier");
        assert_eq!(format!("{a}{b}{c}"), "il a dit «\u{a0}oui\u{a0}» hier");
    }

    #[test]
    fn url_pieces_cover_the_text() {
        let text = "voir https://ex.org/a_b et www.x.fr.";
        let pieces = url_pieces(text);
        assert_eq!(
            pieces,
            vec![
                (false, "voir "),
                (true, "https://ex.org/a_b"),
                (false, " et "),
                (true, "www.x.fr"),
                (false, ".")
            ]
        );
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
    }

    #[test]
    fn typography_is_idempotent() {
        for s in [
            "«Il n'est pas question de +portes dérobées+ ou» (...) a dit: \"oui\" ; non ?",
            "He said: \"no\" ok? it's",
        ] {
            for lang in ["fr", "en"] {
                let once = apply(s, lang);
                assert_eq!(apply(&once, lang), once, "{lang}: {s}");
            }
        }
    }

    use crate::test_rng::Lcg;

    /// Pieces that every rule looks at, mixed with plain words.
    const PIECES: &[&str] = &[
        "mot",
        "é",
        "Œuvre",
        " ",
        "  ",
        "\t",
        ".",
        "..",
        "...",
        "'",
        "\"",
        "«",
        "»",
        "« ",
        " »",
        "+",
        "+a",
        "a+",
        ";",
        "!",
        "?",
        ":",
        ": ",
        "10:30",
        "\u{a0}",
        "\u{202f}",
        "(",
        "-",
        "—",
        "/",
        "1",
        "l'",
        "https://ex.org/a?b=c:d",
        "www.x.fr",
        " www.",
        "mailto:a@b",
        "http://",
        "x:",
        "’",
        "“",
        "\u{2003}",
        "…",
        "ça",
        "İ",
    ];

    fn random_text(rng: &mut Lcg) -> String {
        let n = rng.next() % 12;
        (0..n).map(|_| PIECES[rng.next() % PIECES.len()]).collect()
    }

    #[test]
    fn fast_typographer_matches_the_reference() {
        let mut rng = Lcg(42);
        for _ in 0..20_000 {
            let lang = ["fr", "en", ""][rng.next() % 3];
            let runs: Vec<String> = (0..1 + rng.next() % 4)
                .map(|_| random_text(&mut rng))
                .collect();
            let mut fast = Typographer::new(lang);
            let mut slow = reference::Typographer::new(lang);
            for run in &runs {
                if rng.next() % 5 == 0 {
                    fast.reset();
                    slow.reset();
                }
                let expected = slow.process(run);
                assert_eq!(fast.process(run), expected, "{lang} {runs:?}");
            }
            // The state after the runs is the same too: check with one more.
            let probe = "\" a : b ? « c » +d+ ' e";
            assert_eq!(fast.process(probe), slow.process(probe), "{lang} {runs:?}");
        }
    }

    #[test]
    fn candidates_hold_every_byte_a_rule_is_about() {
        for b in 0..=255u8 {
            for k in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[k] = b;
                let mask = may_stop_candidates(u64::from_le_bytes(bytes));
                let candidate = mask & (0x80 << (8 * k)) != 0;
                assert_eq!(mask & !(0x80 << (8 * k)), 0, "byte {b} at {k}");
                if MAY_STOP[usize::from(b)] {
                    assert!(candidate, "byte {b} at {k}");
                }
                assert_eq!(
                    candidate,
                    (0x21..=0x3F).contains(&b) || b == b'\t' || b == 0xC2
                );
            }
        }
    }

    #[test]
    fn finds_pairs_of_spaces_at_every_alignment() {
        let text = "a b  c d   e f g h i j k l m n o p q  r é  s";
        let b = text.as_bytes();
        for from in 0..=b.len() {
            let expected = (from + 1..b.len()).find(|&i| b[i] == b' ' && b[i - 1] == b' ');
            assert_eq!(find_double_space(b, from), expected, "from {from}");
        }
    }

    #[test]
    fn process_into_reports_untouched_text() {
        let mut t = Typographer::new("fr");
        let mut out = String::from("avant");
        assert!(!t.process_into("rien à changer ici", &mut out));
        assert_eq!(out, "avant");
        assert!(!t.process_into(" voir https://ex.org/a", &mut out));
        assert_eq!(out, "avant");
        assert!(t.process_into(" l'accès", &mut out));
        assert_eq!(out, "avant l’accès");
        // The trim before punctuation never reaches text of earlier calls.
        let mut t = Typographer::new("fr");
        let mut out = String::from("fin ");
        assert!(t.process_into("?", &mut out));
        assert_eq!(out, "fin ?");
    }
}
