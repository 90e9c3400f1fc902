//! Raw bytes of a copied page → text, or a clear refusal.
//!
//! People save pages from browsers, word processors and old Windows tools,
//! so the importer accepts UTF-8 with or without a byte-order mark, UTF-16
//! with a byte-order mark, and falls back to Windows-1252 (the usual
//! "ANSI" of French Windows) with a warning, since that guess can be wrong.
//! Files that hold no text (empty, whitespace only, binary) are refused
//! before anything is written.

use std::path::Path;

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::error::{Diagnostic, Error, Result};

/// Decoded text, with LF line ends, and what the reader should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when the encoding was guessed rather than known.
    pub warning: Option<String>,
}

/// Share of control characters above which a file is taken for binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decodes `bytes` read from `path`.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(refuse(path, "the file is empty", 1, 1));
    }
    let (text, warning) = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        (text.into_owned(), None)
    } else if let Some((line, column)) = first_nul(bytes) {
        return Err(refuse(
            path,
            "the file looks binary (it contains NUL bytes), not copied text",
            line,
            column,
        ));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => {
                let (text, _, _) = WINDOWS_1252.decode(bytes);
                (
                    text.into_owned(),
                    Some(format!(
                        "{}: warning: the file is not UTF-8; it was read as Windows-1252, check the accents",
                        path.display()
                    )),
                )
            }
        }
    };
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err(refuse(path, "the file holds only whitespace", 1, 1));
    }
    if control_share(&text) > MAX_CONTROL_SHARE {
        return Err(refuse(
            path,
            "the file looks binary (too many control characters), not copied text",
            1,
            1,
        ));
    }
    Ok(Decoded { text, warning })
}

fn refuse(path: &Path, message: &str, line: usize, column: usize) -> Error {
    Error::user(
        Diagnostic::new(path, message)
            .at(line, column)
            .hint("import the text of a news page saved as .txt; nothing was written"),
    )
}

/// Line and column (1-based, in bytes) of the first NUL byte.
fn first_nul(bytes: &[u8]) -> Option<(usize, usize)> {
    let at = bytes.iter().position(|&b| b == 0)?;
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    Some((line, at - line_start + 1))
}

fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Share of characters that are control characters other than tab, line
/// feed and form feed: text has almost none, binary data many.
fn control_share(text: &str) -> f64 {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    control as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        decode(bytes, Path::new("a.txt")).unwrap()
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = ok(b"\xEF\xBB\xBFTitre\r\n\r\nCorps \xC3\xA9t\xC3\xA9\r\n");
        assert_eq!(d.text, "Titre\n\nCorps été\n");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let d = ok(b"L\x92\xE9t\xE9 \x80 \xAB oui \xBB");
        assert_eq!(d.text, "L’été € « oui »");
        assert!(d.warning.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Été".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(ok(&bytes).text, "Été");
    }

    #[test]
    fn empty_whitespace_and_binary_are_refused() {
        for (bytes, needle) in [
            (&b""[..], "empty"),
            (&b" \n\t\r\n \xC2\xA0"[..], "whitespace"),
            (&b"PK\x03\x04\x00\x00abc"[..], "binary"),
            (&b"abc\x01\x02\x03\x04\x05\x06"[..], "binary"),
        ] {
            let e = decode(bytes, Path::new("x.txt")).unwrap_err();
            let d = &e.diagnostics()[0];
            assert!(d.message.contains(needle), "{bytes:?}: {}", d.message);
            assert!(d.line.is_some());
        }
    }

    #[test]
    fn nul_position_is_reported() {
        let e = decode(b"ab\ncd\x00", Path::new("x.txt")).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.line, d.column), (Some(2), Some(3)));
    }
}
