//! Markdown → HTML with pulldown-cmark, working on the event stream:
//! unique heading ids and a table of contents, syntect highlighting for
//! fenced code, French typography on prose, and glossary term links.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use super::terms::TermLinker;
use crate::typography::Typographer;

/// One heading of a page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A rendered Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub has_code: bool,
    /// Ids of the glossary terms linked from this document.
    pub terms: Vec<String>,
    /// The document's text without markup, as [`plain_text`] gives it,
    /// taken from the same parse: search indexes it, so the Markdown
    /// source is not parsed again (nor kept, see `Bodies::render_taking`).
    pub text: String,
}

/// Options for one document.
pub struct RenderOptions<'a> {
    pub lang: &'a str,
    /// Links the first occurrence of each glossary term, when given.
    pub linker: Option<&'a TermLinker>,
    /// Relative path from the page to the site root (`../../`), for links.
    pub root: &'a str,
    /// Ids already taken on the page (by the template), so headings avoid them.
    pub reserved_ids: &'a [&'a str],
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a Markdown document.
pub fn render(md: &str, opts: &RenderOptions) -> Rendered {
    render_sharing_links(md, opts, &mut HashSet::new())
}

/// Renders a document that is one part of a page (a timeline event): terms
/// already in `linked` were linked earlier on the page and are not again.
///
/// Text that typography or term links change is written to two buffers
/// for the whole document, and the events borrow from them when the HTML
/// is written: no allocation per text event.
pub fn render_sharing_links(
    md: &str,
    opts: &RenderOptions,
    linked: &mut HashSet<String>,
) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(md, parser_options()).collect();
    let mut ids: HashSet<String> = opts.reserved_ids.iter().map(|s| s.to_string()).collect();
    let mut toc = Vec::new();
    let mut out: Vec<Piece> = Vec::with_capacity(events.len());
    let mut texts = String::with_capacity(md.len() + md.len() / 8);
    let mut htmls = String::new();
    let mut found = Vec::new();
    let mut typo = Typographer::new(opts.lang);
    let mut terms = Vec::new();
    let mut has_code = false;
    let mut plain = PlainText::with_capacity(md.len());
    // Where we are: inside a heading, a link, an image, a code block.
    let mut in_heading = false;
    let mut in_link = 0usize;
    let mut link_dest: Option<CowStr> = None;
    let mut code: Option<(String, String)> = None;

    for i in 0..events.len() {
        let ev = std::mem::replace(&mut events[i], Event::SoftBreak);
        plain.push(&ev);
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_heading_end(&events, i + 1);
                let title = heading_text(&events[i + 1..end], opts.lang);
                let base = match id {
                    Some(explicit) => explicit.to_string(),
                    None => heading_slug(&title),
                };
                let unique = unique_id(&base, &mut ids);
                toc.push(TocEntry {
                    level: heading_level(level),
                    id: unique.clone(),
                    title,
                });
                typo.reset();
                in_heading = true;
                out.push(Piece::Event(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                })));
            }
            Event::End(TagEnd::Heading(l)) => {
                in_heading = false;
                out.push(Piece::Event(Event::End(TagEnd::Heading(l))));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    has_code = true;
                    out.push(Piece::Event(Event::Html(CowStr::from(code_block_html(
                        &text, &lang,
                    )))));
                }
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } = &tag {
                    link_dest = Some(dest_url.clone());
                }
                in_link += 1;
                out.push(Piece::Event(Event::Start(tag)));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                in_link = in_link.saturating_sub(1);
                link_dest = None;
                out.push(Piece::Event(Event::End(end)));
            }
            Event::Text(t) => {
                // An autolink's text is its URL: leave it exactly as written.
                if link_dest
                    .as_deref()
                    .is_some_and(|d| d == t.as_ref() || d.ends_with(t.as_ref()))
                {
                    typo.note_verbatim(&t);
                    out.push(Piece::Event(Event::Text(t)));
                    continue;
                }
                let start = texts.len();
                let changed = typo.process_into(&t, &mut texts);
                let Some(linker) = opts.linker.filter(|_| !in_heading && in_link == 0) else {
                    out.push(if changed {
                        Piece::Text(start..texts.len())
                    } else {
                        Piece::Event(Event::Text(t))
                    });
                    continue;
                };
                let text: &str = if changed { &texts[start..] } else { &t };
                found.clear();
                linker.find(text, linked, &mut terms, &mut found);
                if found.is_empty() {
                    // The linker emits no event for an empty text.
                    if !text.is_empty() {
                        out.push(if changed {
                            Piece::Text(start..texts.len())
                        } else {
                            Piece::Event(Event::Text(t))
                        });
                    }
                    continue;
                }
                if !changed {
                    texts.push_str(&t);
                }
                let mut plain = start;
                for m in &found {
                    let (m_start, m_end) = (start + m.start, start + m.end);
                    if m_start > plain {
                        out.push(Piece::Text(plain..m_start));
                    }
                    let html_start = htmls.len();
                    linker.push_link(m, &texts[m_start..m_end], opts.root, &mut htmls);
                    out.push(Piece::Html(html_start..htmls.len()));
                    plain = m_end;
                }
                if plain < texts.len() {
                    out.push(Piece::Text(plain..texts.len()));
                }
            }
            Event::Code(c) => {
                typo.note_verbatim(&c);
                out.push(Piece::Event(Event::Code(c)));
            }
            Event::Start(tag) => {
                if is_block(&tag) {
                    typo.reset();
                }
                out.push(Piece::Event(Event::Start(tag)));
            }
            other => out.push(Piece::Event(other)),
        }
    }
    let mut html_out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(
        &mut html_out,
        out.into_iter().map(|p| match p {
            Piece::Event(e) => e,
            Piece::Text(r) => Event::Text(CowStr::Borrowed(&texts[r])),
            Piece::Html(r) => Event::Html(CowStr::Borrowed(&htmls[r])),
        }),
    );
    // Bodies are kept until every page is rendered: give back the unused
    // part of the estimate (tens of megabytes at 10,000 articles).
    html_out.shrink_to_fit();
    Rendered {
        html: html_out,
        toc,
        has_code,
        terms,
        text: plain.finish(),
    }
}

/// One event of the output, or text written to the document's buffers.
enum Piece<'a> {
    Event(Event<'a>),
    /// Typeset text, in `texts`.
    Text(Range<usize>),
    /// A term link, in `htmls`.
    Html(Range<usize>),
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::List(_)
    )
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn find_heading_end(events: &[Event], from: usize) -> usize {
    events[from..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len(), |p| from + p)
}

/// The plain text of a heading, with typography, for the TOC.
fn heading_text(events: &[Event], lang: &str) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    crate::typography::apply(s.trim(), lang)
}

fn heading_slug(title: &str) -> String {
    let s = crate::text::slugify(title);
    if s.is_empty() { "section".into() } else { s }
}

/// `base`, or `base-1`, `base-2`… whichever is free; records the choice.
fn unique_id(base: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

fn code_block_html(code: &str, lang: &str) -> String {
    let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = if token.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", crate::text::escape_html(token))
    };
    format!(
        "<pre class=\"code\"><code{class}>{}</code></pre>\n",
        super::highlight::highlight(code, lang)
    )
}

/// The text of a Markdown snippet without markup, for summaries, tooltips
/// and feeds.
pub fn plain_text(md: &str) -> String {
    let mut plain = PlainText::with_capacity(md.len());
    for ev in Parser::new_ext(md, parser_options()) {
        plain.push(&ev);
    }
    plain.finish()
}

/// Collects the text of a document's events: what [`plain_text`] returns.
struct PlainText(String);

impl PlainText {
    fn with_capacity(n: usize) -> Self {
        PlainText(String::with_capacity(n))
    }

    fn push(&mut self, ev: &Event) {
        match ev {
            Event::Text(t) | Event::Code(t) => self.0.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.0.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => self.0.push('\n'),
            _ => {}
        }
    }

    /// The text, trimmed, in a buffer of its size (bodies keep it all
    /// build long).
    fn finish(self) -> String {
        let mut s = self.0;
        s.truncate(s.trim_end().len());
        let lead = s.len() - s.trim_start().len();
        s.drain(..lead);
        s.shrink_to_fit();
        s
    }
}

/// Renders a one-paragraph Markdown snippet (a summary, a definition) as
/// inline HTML, without the enclosing `<p>`.
pub fn render_inline(md: &str, lang: &str) -> String {
    plain_inline(md, lang).unwrap_or_else(|| render_inline_parsed(md, lang))
}

/// ASCII bytes that mean nothing to Markdown (with this crate's options)
/// anywhere in a line: pulldown-cmark gives a line made of them and of
/// non-ASCII characters as a single text event.
const PLAIN_ASCII: &[u8] = b" ,.;:?'\"()/%-";

/// The inline HTML of a snippet that is one line of plain prose (most
/// summaries): the paragraph pulldown-cmark would make holds one text event,
/// so typography is all there is to do. `None` when Markdown could read
/// anything else into it: a character with a meaning, a line break, a
/// line that could open a block (a list, a heading), or spaces at either
/// end; and, as a last check, when the text would need escaping.
fn plain_inline(md: &str, lang: &str) -> Option<String> {
    let first = md.chars().next()?;
    let last = md.chars().next_back()?;
    if first.is_whitespace() || last.is_whitespace() || first.is_ascii_digit() || first == '-' {
        return None;
    }
    let plain = md
        .bytes()
        .all(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || PLAIN_ASCII.contains(&b));
    if !plain {
        return None;
    }
    let typeset = crate::typography::apply(md, lang);
    (!typeset.contains(['&', '<', '>', '"'])).then_some(typeset)
}

/// [`render_inline`] through the Markdown parser.
fn render_inline_parsed(md: &str, lang: &str) -> String {
    let r = render(
        md,
        &RenderOptions {
            lang,
            linker: None,
            root: "",
            reserved_ids: &[],
        },
    );
    let h = r.html.trim();
    match h.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => h.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(md: &str) -> Rendered {
        render(
            md,
            &RenderOptions {
                lang: "fr",
                linker: None,
                root: "",
                reserved_ids: &["content"],
            },
        )
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = fr("## Un forum\n\n## Un forum\n\n### Détails {#mine}\n\n## Content\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["un-forum", "un-forum-1", "mine", "content-1"]);
        assert!(r.html.contains("<h2 id=\"un-forum-1\">"));
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn typography_outside_code_only() {
        let r = fr("Il dit \"oui\" : `a \"b\"` et https://x.org/a?b.\n\n```\nx = \"y\";\n```\n");
        assert!(r.html.contains("«\u{a0}oui\u{a0}»"), "{}", r.html);
        assert!(r.html.contains("<code>a \"b\"</code>"), "{}", r.html);
        assert!(r.html.contains("https://x.org/a?b."), "{}", r.html);
        assert!(r.has_code);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = fr("| a | b |\n|---|---|\n| 1 | 2 |\n\nTexte[^1] ~~barré~~.\n\n[^1]: Note.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>barré</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(!r.has_code);
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            plain_text("Le *chiffrement* [ici](x)."),
            "Le chiffrement ici."
        );
        assert_eq!(render_inline("Le *mot*", "fr"), "Le <em>mot</em>");
    }

    /// A body's text comes from its rendering's parse: it must be what
    /// `plain_text` makes of the source, whatever the Markdown holds
    /// (headings, whose events the renderer reads ahead, code blocks,
    /// footnotes, tables, term links, typography).
    #[test]
    fn rendered_text_is_the_plain_text() {
        let pieces = [
            "Le chiffrement",
            " des métadonnées",
            " \"oui\" ?",
            "*mot*",
            "`code`",
            "[lien](https://x.org)",
            "<https://x.org/a>",
            "\n",
            "\n\n",
            "  \n",
            "## Titre {#t}\n",
            "# Titre\n",
            "- un\n- deux\n",
            "1. un\n",
            "> cité\n",
            "```rust\nlet x = 1;\n```\n",
            "    indenté\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "[^1]",
            "\n[^1]: Note.\n",
            "~~barré~~",
            "<em>html</em>",
            " ",
            "\t",
        ];
        let glossary = crate::content::glossary::parse(
            "- term: chiffrement\n  definition: Rendre illisible.\n",
            std::path::Path::new("g.yaml"),
        )
        .unwrap();
        let linker = TermLinker::new(&glossary);
        let mut rng = crate::test_rng::Lcg(11);
        let mut next = move || rng.next();
        for _ in 0..5_000 {
            let md: String = (0..next() % 14)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let linked = next() % 2 == 0;
            let r = render(
                &md,
                &RenderOptions {
                    lang: ["fr", "en"][next() % 2],
                    linker: linked.then_some(&linker),
                    root: "../",
                    reserved_ids: &["content"],
                },
            );
            assert_eq!(r.text, plain_text(&md), "{md:?}");
        }
    }

    #[test]
    fn plain_summaries_skip_the_parser_with_the_same_html() {
        let pieces = [
            "mot",
            "Été",
            " ",
            "  ",
            ",",
            ".",
            "...",
            ";",
            ":",
            "?",
            "'",
            "\"",
            "(",
            ")",
            "/",
            "%",
            "-",
            "12",
            "l’",
            "«\u{a0}",
            "\u{a0}»",
            "www.x.fr",
            "https://ex.org/a",
            "*",
            "_",
            "[a](b)",
            "<b>",
            "&amp;",
            "!",
            "`c`",
            "~~",
            "|",
            "#",
            "\n",
            "\t",
            "\\",
            "1. ",
            "- ",
            "> ",
            "+",
            "=",
            "{",
            "}",
            "^",
        ];
        let mut rng = crate::test_rng::Lcg(3);
        let mut next = move || rng.next();
        let mut fast = 0;
        for _ in 0..20_000 {
            let md: String = (0..next() % 10)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let lang = ["fr", "en"][next() % 2];
            if let Some(html) = plain_inline(&md, lang) {
                fast += 1;
                assert_eq!(html, render_inline_parsed(&md, lang), "{md:?}");
            }
        }
        assert!(fast > 1_000, "the fast path was taken {fast} times");
        assert_eq!(
            render_inline("Il a dit \"non\" : c'est tout", "fr"),
            "Il a dit «\u{a0}non\u{a0}»\u{a0}: c’est tout"
        );
        assert_eq!(plain_inline("1984. Orwell", "fr"), None);
        assert_eq!(plain_inline("Le *mot*", "fr"), None);
    }
}
