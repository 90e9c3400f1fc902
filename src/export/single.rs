//! The single-file dossier: home, articles, timeline, glossary and pages in
//! one HTML file that needs nothing else, to open from disk or upload as a
//! course file.
//!
//! It is the print view's page (see [`crate::render::print`]) rendered by
//! the theme's `single.html`, with two differences that make it stand
//! alone: the stylesheets are inlined in one `<style>` element (the only
//! inline style of dossier's output: a lone file has nowhere else to take
//! them from), and images are inlined as `data:` URIs. Links between pages
//! of the dossier are anchors in the file; it needs no script.

use std::collections::HashMap;

use base64::Engine;

use crate::error::{Error, Result};
use crate::render::print::{self, Placement};
use crate::render::{Output, Renderer};

/// The stylesheets inlined, in cascade order.
const STYLESHEETS: &[&str] = &["style.css", "print.css"];
const HIGHLIGHT_CSS: &str = "highlight.css";

/// Renders the single file from the site's rendered outputs (its static
/// files are the images and stylesheets to inline).
pub fn render(r: &Renderer, outputs: &[Output]) -> Result<String> {
    let files: HashMap<&str, &[u8]> = outputs
        .iter()
        .map(|o| (o.path.as_str(), o.bytes.as_slice()))
        .collect();
    let inline = |file: &str| {
        let bytes = files.get(file)?;
        Some(data_uri(media_type(file)?, bytes))
    };
    let mut page = Vec::new();
    print::write_one_page(
        r,
        Placement::SingleFile { inline: &inline },
        "single.html",
        &|common, ctx| ctx.insert("inline_css", &stylesheet(&files, common.has_code)),
        &mut page,
    )?;
    // Template output and bodies are all UTF-8.
    String::from_utf8(page).map_err(|e| Error::Internal(format!("single file: {e}")))
}

/// The site's stylesheets as one text, safe inside a `<style>` element.
fn stylesheet(files: &HashMap<&str, &[u8]>, has_code: bool) -> String {
    let mut names: Vec<&str> = STYLESHEETS.to_vec();
    if has_code {
        names.push(HIGHLIGHT_CSS);
    }
    let mut css = String::new();
    for name in names {
        if let Some(bytes) = files.get(name) {
            css.push_str(&format!("/* {name} */\n"));
            css.push_str(&String::from_utf8_lossy(bytes));
            css.push('\n');
        }
    }
    // `</style` would end the element; `<\/` is the same text in CSS.
    css.replace("</", "<\\/")
}

/// The media type of the files worth inlining; others stay links.
fn media_type(file: &str) -> Option<&'static str> {
    let ext = file.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ => return None,
    })
}

fn data_uri(media_type: &str, bytes: &[u8]) -> String {
    format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_uris_and_media_types() {
        assert_eq!(media_type("img/a.PNG"), Some("image/png"));
        assert_eq!(media_type("timeline.json"), None);
        assert_eq!(data_uri("image/gif", b"GIF"), "data:image/gif;base64,R0lG");
    }

    #[test]
    fn stylesheet_cannot_close_its_element() {
        let mut files: HashMap<&str, &[u8]> = HashMap::new();
        files.insert("style.css", b"a::after { content: \"</style>\"; }");
        let css = stylesheet(&files, false);
        assert!(!css.contains("</"), "{css}");
        assert!(css.contains("<\\/style>"), "{css}");
    }
}
