//! The glossary page: terms in French order under a letter index, with
//! definitions, see-also links, sources and backlinks.

use serde::Serialize;
use tera::Context;

use super::context::{LinkView, PageCommon, ReferenceView};
use super::markdown::render_inline;
use super::urls::{absolute, page_href};
use super::{PAGE_CHROME_BYTES, Renderer};
use crate::error::Result;
use crate::typography;

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub id: String,
    pub term: String,
    pub aliases: Vec<String>,
    pub definition_html: String,
    pub short: String,
    pub see_also: Vec<LinkView>,
    pub sources: Vec<ReferenceView>,
    /// Articles and timeline events that use the term.
    pub backlinks: Vec<LinkView>,
}

/// Terms (already in French order) grouped under their index letter.
/// Shared by the glossary page and its embed view.
pub fn by_letter(terms: Vec<TermView>) -> Vec<LetterGroup> {
    let mut letters: Vec<LetterGroup> = Vec::new();
    for t in terms {
        let letter = crate::collate::index_letter(&t.term);
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.terms.push(t),
            _ => letters.push(LetterGroup {
                letter,
                id: format!("lettre-{}", letter.to_ascii_lowercase()),
                terms: vec![t],
            }),
        }
    }
    letters
}

#[derive(Debug, Serialize)]
pub struct LetterGroup {
    letter: char,
    id: String,
    terms: Vec<TermView>,
}

/// The pages that use each term: articles (by their rendered bodies) and
/// timeline events.
pub fn backlinks(r: &Renderer, term_id: &str, root: &str) -> Vec<LinkView> {
    let mut links = Vec::new();
    for (a, body) in r.site.articles.iter().zip(&r.bodies) {
        if body.terms.iter().any(|t| t == term_id) {
            links.push(LinkView {
                name: typography::apply(&a.title, &a.lang),
                href: page_href(root, &a.path()),
            });
        }
    }
    for (ev, terms) in r.site.timeline.events.iter().zip(&r.event_terms) {
        if terms.iter().any(|t| t == term_id) {
            links.push(LinkView {
                name: format!(
                    "{} ({})",
                    typography::apply(&ev.title, &r.site.config.language),
                    ev.date.display(&r.site.config.language)
                ),
                href: format!("{}#{}", page_href(root, "timeline/"), ev.id),
            });
        }
    }
    links
}

pub fn term_views(r: &Renderer, root: &str) -> Vec<TermView> {
    let lang = r.site.config.language.as_str();
    r.site
        .glossary
        .terms
        .iter()
        .map(|t| TermView {
            id: t.id.clone(),
            term: t.term.clone(),
            aliases: t.aliases.clone(),
            definition_html: super::markdown::render(
                &t.definition,
                &super::markdown::RenderOptions {
                    lang,
                    linker: None,
                    root,
                    reserved_ids: &[],
                },
            )
            .html,
            short: t.short.clone(),
            see_also: t
                .see_also
                .iter()
                .filter_map(|id| r.site.glossary.get(id))
                .map(|s| LinkView {
                    name: s.term.clone(),
                    href: format!("#{}", s.id),
                })
                .collect(),
            sources: ReferenceView::list(&t.sources, lang),
            backlinks: backlinks(r, &t.id, root),
        })
        .collect()
}

/// schema.org `DefinedTermSet` with one `DefinedTerm` per entry.
fn jsonld(r: &Renderer, terms: &[TermView]) -> String {
    let base = absolute(r.site.config.base_url.as_deref(), "glossary/");
    let defined: Vec<serde_json::Value> = terms
        .iter()
        .map(|t| {
            let mut v = serde_json::json!({
                "@type": "DefinedTerm",
                "name": t.term,
                "description": crate::render::markdown::plain_text(&r.site.glossary.get(&t.id).map(|x| x.definition.clone()).unwrap_or_default()),
                "termCode": t.id,
            });
            if !t.aliases.is_empty() {
                v["alternateName"] = t.aliases.clone().into();
            }
            if let Some(b) = &base {
                v["url"] = format!("{b}#{}", t.id).into();
                v["inDefinedTermSet"] = b.clone().into();
            }
            v
        })
        .collect();
    let mut set = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": format!("Glossaire — {}", r.site.config.title),
        "inLanguage": r.site.config.language,
        "hasDefinedTerm": defined,
    });
    if let Some(b) = base {
        set["@id"] = b.into();
    }
    serde_json::to_string(&set)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

pub fn render(r: &Renderer) -> Result<Vec<u8>> {
    let common = PageCommon::new(
        r,
        "glossary/",
        "Glossaire",
        "Les mots du débat sur le chiffrement et l’accès légal, expliqués simplement.",
    );
    let terms = term_views(r, &common.root);
    let json = jsonld(r, &terms);
    let letters = by_letter(terms);
    let mut ctx = Context::new();
    ctx.insert("page", &common);
    ctx.insert("letters", &letters);
    ctx.insert("jsonld", &json);
    ctx.insert("json_href", &format!("{}glossary.json", common.root));
    ctx.insert(
        "intro_html",
        &render_inline(
            "Les termes signalés dans les articles renvoient ici.",
            &r.site.config.language,
        ),
    );
    r.render_template_bytes("glossary.html", &ctx, PAGE_CHROME_BYTES)
}
