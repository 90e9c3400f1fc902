//! Machine-readable outputs: Atom feed, sitemap, robots.txt, and the JSON
//! exports of the timeline (TimelineJS3 format) and the glossary.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Value, json};

use super::urls::absolute;
use super::{Output, Renderer};
use crate::content::Site;
use crate::error::{Error, Result};
use crate::text::escape_html as esc;

fn base<'a>(r: &Renderer<'a>) -> Result<&'a str> {
    r.site
        .config
        .base_url
        .as_deref()
        .ok_or_else(|| Error::Internal("feeds need base_url".into()))
}

/// The Atom feed of the newest articles (`feed_limit` of them), newest
/// first; its `updated` is still that of the newest article. Atom needs absolute URLs
/// and full timestamps, so dates known only to the month or year are given
/// their first day, as feed readers require.
pub fn atom(r: &Renderer) -> Result<Output> {
    let base = base(r)?;
    let site = r.site;
    let updated = site
        .articles
        .iter()
        .filter_map(|a| a.date)
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        esc(&site.config.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", esc(&site.config.title)));
    if !site.config.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            esc(&site.config.description)
        ));
    }
    x.push_str(&format!(
        "  <link href=\"{base}atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n"
    ));
    x.push_str(&format!("  <link href=\"{base}\"/>\n"));
    x.push_str(&format!("  <id>{base}</id>\n"));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    for name in &site.config.authors {
        x.push_str(&format!("  <author><name>{}</name></author>\n", esc(name)));
    }
    if site.config.authors.is_empty() {
        x.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            esc(&site.config.title)
        ));
    }
    let limit = match site.config.feed_limit {
        0 => usize::MAX,
        n => n,
    };
    for (a, body) in site.articles.iter().zip(&r.bodies).take(limit) {
        let url = format!("{base}{}", a.path());
        let date = a
            .date
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| updated.clone());
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", esc(&a.title)));
        x.push_str(&format!("    <link href=\"{url}\"/>\n    <id>{url}</id>\n"));
        x.push_str(&format!(
            "    <updated>{date}</updated>\n    <published>{date}</published>\n"
        ));
        for name in &a.authors {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                esc(name)
            ));
        }
        for t in &a.tags {
            x.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                esc(&t.slug),
                esc(&t.name)
            ));
        }
        if let Some(s) = &a.summary {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                esc(&super::markdown::plain_text(s))
            ));
        }
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            esc(&absolutize(&body.html, &url))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(Output {
        path: "atom.xml".into(),
        bytes: x.into_bytes(),
    })
}

/// Feed readers show content away from the site: relative links in it are
/// made absolute against the article's URL.
fn absolutize(html: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("href=\"").or_else(|| rest.find("src=\"")) {
        let attr_len = if rest[i..].starts_with("href") { 6 } else { 5 };
        out.push_str(&rest[..i + attr_len]);
        rest = &rest[i + attr_len..];
        let end = rest.find('"').unwrap_or(rest.len());
        let url = &rest[..end];
        if url.contains("://")
            || url.starts_with("mailto:")
            || url.starts_with('#')
            || url.starts_with('/')
        {
            out.push_str(url);
        } else {
            out.push_str(&resolve(page_url, url));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn resolve(dir_url: &str, rel: &str) -> String {
    let mut base: Vec<&str> = dir_url.trim_end_matches('/').split('/').collect();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                if base.len() > 3 {
                    base.pop();
                }
            }
            "." => {}
            s => base.push(s),
        }
    }
    base.join("/")
}

/// `sitemap.xml`, every HTML page with its absolute URL.
pub fn sitemap(r: &Renderer) -> Result<Output> {
    let base = base(r)?;
    let site = r.site;
    let mut urls: Vec<(String, Option<String>)> = vec![
        (String::new(), None),
        ("articles/".into(), None),
        ("timeline/".into(), None),
        ("glossary/".into(), None),
        ("tags/".into(), None),
    ];
    for a in &site.articles {
        urls.push((a.path(), a.date.map(|d| d.iso())));
    }
    for p in &site.pages {
        urls.push((p.path.clone(), None));
    }
    for (t, _) in r.tags() {
        urls.push((format!("tags/{}/", t.slug), None));
    }
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in urls {
        x.push_str(&format!("  <url><loc>{}{}</loc>", esc(base), esc(&path)));
        if let Some(d) = lastmod {
            x.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    Ok(Output {
        path: "sitemap.xml".into(),
        bytes: x.into_bytes(),
    })
}

pub fn robots(site: &Site) -> Output {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = absolute(site.config.base_url.as_deref(), "sitemap.xml") {
        s.push_str(&format!("Sitemap: {url}\n"));
    }
    Output {
        path: "robots.txt".into(),
        bytes: s.into_bytes(),
    }
}

/// A TimelineJS3 date object holding only the parts the precision gives.
/// Fields in the order serde_json writes a map's keys (sorted), which the
/// file has always had.
#[derive(Debug, Serialize)]
pub struct TimelineJsDate {
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
    display_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    year: i32,
}

pub fn timelinejs_date(d: &crate::date::PartialDate) -> TimelineJsDate {
    TimelineJsDate {
        day: d.day,
        display_date: d.french(),
        month: d.month,
        year: d.year,
    }
}

/// `timeline.json`, in the TimelineJS3 JSON format, for course sites that
/// use TimelineJS. Links inside texts are made absolute when the site has a
/// base URL, since the JSON is shown elsewhere.
pub fn timeline_json(r: &Renderer) -> Result<Output> {
    let doc = TimelineJs {
        events: TimelineJsEvents {
            entries: super::timeline_page::entries(r),
            items: super::timeline_page::items(r, ""),
            base: r.site.config.base_url.as_deref(),
        },
        title: TimelineJsTitle {
            text: TimelineJsText {
                headline: &r.site.config.title,
                text: Cow::Borrowed(&r.site.config.description),
            },
        },
    };
    let mut bytes = Vec::new();
    serde_json::to_writer_pretty(&mut bytes, &doc)
        .map_err(|e| Error::Internal(format!("cannot write timeline.json: {e}")))?;
    bytes.push(b'\n');
    Ok(Output {
        path: "timeline.json".into(),
        bytes,
    })
}

/// The file, written as it is serialized: each event is made when its turn
/// comes, so the file's events are never all held as JSON values (50 MB
/// at 10,000 articles).
#[derive(Serialize)]
struct TimelineJs<'a> {
    events: TimelineJsEvents<'a>,
    title: TimelineJsTitle<'a>,
}

#[derive(Serialize)]
struct TimelineJsTitle<'a> {
    text: TimelineJsText<'a>,
}

#[derive(Serialize)]
struct TimelineJsText<'a> {
    headline: &'a str,
    text: Cow<'a, str>,
}

struct TimelineJsEvents<'a> {
    entries: Vec<super::timeline_page::Entry<'a>>,
    items: Vec<super::timeline_page::TimelineItem>,
    base: Option<&'a str>,
}

impl Serialize for TimelineJsEvents<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for (entry, item) in self.entries.iter().zip(&self.items) {
            seq.serialize_element(&timelinejs_event(entry, item, self.base))?;
        }
        seq.end()
    }
}

/// One event of the file; fields in sorted order, as above.
#[derive(Serialize)]
struct TimelineJsEvent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TimelineJsDate>,
    group: &'a str,
    start_date: TimelineJsDate,
    text: TimelineJsText<'a>,
    unique_id: &'a str,
}

/// What the file holds of one timeline item. The text carries the link to
/// the article and the sources, which TimelineJS shows nowhere else.
fn timelinejs_event<'a>(
    entry: &super::timeline_page::Entry,
    item: &'a super::timeline_page::TimelineItem,
    base: Option<&str>,
) -> TimelineJsEvent<'a> {
    let mut text = item.text_html.clone();
    if let Some(href) = &item.href {
        let link = base.map_or_else(
            || href.clone(),
            |b| format!("{b}{}", href.trim_end_matches("index.html")),
        );
        text.push_str(&format!(
            "<p><a href=\"{}\">Lire l’article</a></p>",
            esc(&link)
        ));
    }
    if !item.sources.is_empty() {
        let srcs: Vec<String> = item.sources.iter().map(|s| esc(&s.title)).collect();
        text.push_str(&format!("<p>Sources : {}</p>", srcs.join(" ; ")));
    }
    if let Some(b) = base {
        text = absolutize(&text, b);
    }
    let end_date = match entry {
        super::timeline_page::Entry::Event(ev) => ev.end.as_ref().map(timelinejs_date),
        super::timeline_page::Entry::Article(_) => None,
    };
    let group = match item.tags.first() {
        Some(tag) => tag.as_str(),
        None if item.kind == "article" => "Articles du dossier",
        None => "Événements",
    };
    TimelineJsEvent {
        end_date,
        group,
        start_date: timelinejs_date(&entry.date()),
        text: TimelineJsText {
            headline: &item.title,
            text: Cow::Owned(text),
        },
        unique_id: &item.id,
    }
}

/// `glossary.json`: every term with its definition and sources.
pub fn glossary_json(r: &Renderer) -> Result<Output> {
    let views = super::glossary_page::term_views(r, "");
    let base = absolute(r.site.config.base_url.as_deref(), "glossary/");
    let terms: Vec<Value> = r
        .site
        .glossary
        .terms
        .iter()
        .zip(views)
        .map(|(t, v)| {
            json!({
                "id": t.id,
                "term": t.term,
                "aliases": t.aliases,
                "definition": t.definition.trim(),
                "definition_html": v.definition_html.trim(),
                "short": t.short,
                "see_also": t.see_also,
                "sources": t.sources,
                "url": base.as_ref().map_or_else(|| format!("glossary/index.html#{}", t.id), |b| format!("{b}#{}", t.id)),
            })
        })
        .collect();
    let doc =
        json!({ "title": r.site.config.title, "language": r.site.config.language, "terms": terms });
    Ok(Output {
        path: "glossary.json".into(),
        bytes: pretty(&doc),
    })
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).unwrap_or_default();
    b.push(b'\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        let h = absolutize(
            "<a href=\"../../glossary/index.html#nsa\">x</a><a href=\"https://e.org\">y</a>",
            "https://s.org/d/articles/a/",
        );
        assert!(
            h.contains("href=\"https://s.org/d/glossary/index.html#nsa\""),
            "{h}"
        );
        assert!(h.contains("href=\"https://e.org\""));
    }

    #[test]
    fn timelinejs_dates_keep_precision() {
        let d = crate::date::PartialDate::parse("2022-10").unwrap();
        let v = serde_json::to_value(timelinejs_date(&d)).unwrap();
        assert_eq!(v["year"], 2022);
        assert_eq!(v["month"], 10);
        assert!(v.get("day").is_none());
    }
}
