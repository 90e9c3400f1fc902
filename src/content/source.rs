//! Reading content files: bytes → text → front matter + body.

use std::path::Path;

use crate::error::{Diagnostic, Error, Result};

/// Decodes a content file as UTF-8: a byte-order mark is dropped and CRLF
/// line ends become LF, so that editors on every system produce the same
/// site. Anything that is not UTF-8 is refused with the position of the
/// first bad byte.
pub fn decode_utf8(bytes: &[u8], path: &Path) -> Result<String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            normalize_newlines(s)
        } else {
            s.to_string()
        }),
        Err(e) => Err(not_utf8(bytes, e, path)),
    }
}

/// [`decode_utf8`] for bytes the caller no longer needs: the text keeps
/// their buffer instead of a copy.
pub fn decode_utf8_owned(mut bytes: Vec<u8>, path: &Path) -> Result<String> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(s) if s.contains('\r') => Ok(normalize_newlines(&s)),
        Ok(s) => Ok(s),
        Err(e) => Err(not_utf8(e.as_bytes(), e.utf8_error(), path)),
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The error for bytes that are not UTF-8, with the position of the first
/// bad byte.
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error, path: &Path) -> Error {
    let good = &bytes[..e.valid_up_to()];
    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    Error::user(
        Diagnostic::new(path, "the file is not valid UTF-8")
            .at(line, column)
            .hint("save the file as UTF-8 (most editors offer it under “Save with encoding”)"),
    )
}

fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// A Markdown file split into its YAML front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
}

/// Splits `---\nyaml\n---\nbody`. The front matter is required: a file
/// without it is most likely not meant as content, and saying so early beats
/// publishing a page with no title.
pub fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    if text.trim().is_empty() {
        return Err(Error::user(
            Diagnostic::new(path, "the file is empty")
                .at(1, 1)
                .hint("start it with front matter: ---, title: …, ---, then the text"),
        ));
    }
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::user(
            Diagnostic::new(path, "missing front matter: the first line must be `---`")
                .at(1, 1)
                .hint("start the file with ---, then title: …, then --- on its own line"),
        ));
    }
    let after_open = first.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
            });
        }
        offset += line.len();
    }
    Err(Error::user(
        Diagnostic::new(path, "the front matter is not closed")
            .at(1, 1)
            .hint("add a line with only --- after the front matter"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalized() {
        let s = decode_utf8(
            b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nbody\r\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(s, "---\ntitle: a\n---\nbody\n");
    }

    #[test]
    fn non_utf8_names_line_and_column() {
        let e = decode_utf8(b"---\ntitle: caf\xe9\n", Path::new("x.md")).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.line, d.column), (Some(2), Some(11)));
        let e = decode_utf8_owned(
            b"\xEF\xBB\xBF---\ntitle: caf\xe9\n".to_vec(),
            Path::new("x.md"),
        )
        .unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.line, d.column), (Some(2), Some(11)));
    }

    #[test]
    fn owned_decoding_is_the_same() {
        for bytes in [
            &b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nbody\r\n"[..],
            b"---\ntitle: \xc3\xa9\n---\nbody\rmore\n",
            b"",
        ] {
            assert_eq!(
                decode_utf8_owned(bytes.to_vec(), Path::new("x")).unwrap(),
                decode_utf8(bytes, Path::new("x")).unwrap()
            );
        }
    }

    #[test]
    fn splits_front_matter() {
        let s = split_front_matter("---\ntitle: a\n---\n# Body\n", Path::new("x")).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "# Body\n");
        assert!(split_front_matter("title: a\n", Path::new("x")).is_err());
        assert!(split_front_matter("---\ntitle: a\n", Path::new("x")).is_err());
        assert!(split_front_matter("", Path::new("x")).is_err());
    }
}
