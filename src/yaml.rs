//! YAML parsing with positions that point into the user's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Error, Result};

/// Parses `text`, which starts at line `first_line` (1-based) of `file`, and
/// turns serde_yaml's position into the file's line and column.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path, first_line: usize) -> Result<T> {
    serde_yaml::from_str(text).map_err(|e| Error::user(diagnostic(&e, file, first_line)))
}

/// The diagnostic for a serde_yaml error, shifted to the file's lines.
pub fn diagnostic(e: &serde_yaml::Error, file: &Path, first_line: usize) -> Diagnostic {
    let message = clean_message(&e.to_string());
    let hint = hint_for(&message);
    let mut d = Diagnostic::new(file, message);
    if let Some(loc) = e.location() {
        d = d.at(first_line + loc.line() - 1, loc.column());
    }
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

/// serde_yaml appends " at line L column C" to its messages; we print the
/// position ourselves, in the file's terms, so drop theirs.
fn clean_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn hint_for(message: &str) -> Option<&'static str> {
    // serde_yaml puts the path of a nested value first: `tags: invalid type…`.
    let message = message
        .split_once(": ")
        .filter(|(path, _)| !path.contains(' '))
        .map_or(message, |(_, rest)| rest);
    if message.starts_with("unknown field") {
        Some("check the spelling; the README lists every accepted key")
    } else if message.starts_with("missing field") {
        Some("add the field; the README lists the required ones")
    } else if message.starts_with("invalid type") {
        Some("check the value's type: quote text that YAML reads as a number, a date or a boolean")
    } else if message.contains("invalid date") {
        Some("dates are written 2017, 2017-06 or 2017-06-13, at the precision the source gives")
    } else if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
        Some("a value containing `: ` or starting with a quote must itself be quoted")
    } else {
        None
    }
}

/// Finds where `key:` is written at the top level of a YAML block (1-based
/// line and the column of its value), for checks made after parsing, such as
/// an unknown article slug. Falls back to the block's first line.
pub fn locate_key(text: &str, key: &str, first_line: usize) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && rest.starts_with(':')
        {
            let value_col = key.len() + 2 + rest[1..].len() - rest[1..].trim_start().len();
            return (first_line + i, value_col);
        }
    }
    (first_line, 1)
}

/// Finds the first line at or after `from_line` (1-based, in `text`) that
/// contains `needle`, giving its 1-based line and column in the file.
pub fn locate_text(
    text: &str,
    needle: &str,
    from_line: usize,
    first_line: usize,
) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| {
            line.find(needle)
                .map(|col| (first_line + i, line[..col].chars().count() + 1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
    }

    #[test]
    fn positions_are_shifted_to_the_file() {
        let err = parse::<T>("title: ok\ntitel: x\n", Path::new("a.md"), 2).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
    }

    #[test]
    fn nested_errors_get_a_hint_too() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Tags {
            tags: Vec<String>,
        }
        let err = parse::<Tags>("tags: 5\n", Path::new("a.md"), 2).unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.message.starts_with("tags: invalid type"), "{}", d.message);
        assert!(d.hint.is_some(), "{d:?}");
    }

    #[test]
    fn locates_keys() {
        assert_eq!(locate_key("a: 1\nslug:  x\n", "slug", 5), (6, 8));
    }
}
