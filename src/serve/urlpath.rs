//! From a request's path to a path of the built site.
//!
//! The preview serves from memory, so no request can read a file outside
//! the site whatever it asks for. Paths that try anyway are still refused
//! outright (400), so an attempt is visible and never depends on the lookup:
//! `..` and `.` segments, encoded or not, encoded slashes and backslashes,
//! NUL bytes, empty segments (`//etc/passwd`) and drive letters.

use axum::http::StatusCode;
use percent_encoding::percent_decode_str;

/// The site path a request path names: `/articles/x/` → `articles/x/index.html`.
pub fn site_key(raw: &str) -> Result<String, StatusCode> {
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(StatusCode::BAD_REQUEST);
    };
    let lower = rest.to_ascii_lowercase();
    // Encoded separators would turn one segment into several after decoding.
    if rest.contains('\\') || lower.contains("%2f") || lower.contains("%5c") {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && i != last;
        if empty_inside
            || *seg == ".."
            || *seg == "."
            || seg.contains('\0')
            || seg.contains('\\')
            || seg.contains(':')
        {
            return Err(StatusCode::BAD_REQUEST);
        }
    }
    let mut key = decoded.into_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_serve_their_index() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(site_key("/articles/x/").unwrap(), "articles/x/index.html");
        assert_eq!(site_key("/style.css").unwrap(), "style.css");
        assert_eq!(
            site_key("/tags/r%C3%A9seaux/").unwrap(),
            "tags/réseaux/index.html"
        );
    }

    #[test]
    fn traversal_attempts_are_bad_requests() {
        for raw in [
            "/../dossier.yaml",
            "/articles/../../etc/passwd",
            "/%2e%2e/dossier.yaml",
            "/%2E%2E/%2e%2E/etc/passwd",
            "/articles%2f..%2f..%2fdossier.yaml",
            "/..%5cdossier.yaml",
            "/..\\dossier.yaml",
            "//etc/passwd",
            "/articles//x",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a%00b",
            "/%ff",
            "relative",
        ] {
            assert_eq!(site_key(raw), Err(StatusCode::BAD_REQUEST), "{raw}");
        }
    }
}
