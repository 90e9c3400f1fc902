//! `content/timeline.yaml`: the dated events of the debate.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::reference::Reference;
use crate::date::PartialDate;
use crate::error::{Diagnostic, Diagnostics, Error, Result};

pub const TIMELINE_FILE: &str = "timeline.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventData {
    id: String,
    date: PartialDate,
    #[serde(default)]
    end: Option<PartialDate>,
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<Reference>,
    #[serde(default)]
    articles: Vec<String>,
}

/// One event of the timeline, as written in the data file.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub title: String,
    /// Markdown.
    pub text: String,
    pub tags: Vec<String>,
    pub sources: Vec<Reference>,
    /// Slugs of related articles.
    pub articles: Vec<String>,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// In date order (stable for equal dates: file order).
    pub events: Vec<Event>,
    pub file: Option<std::path::PathBuf>,
}

/// Loads the timeline, if the dossier has one, checking article slugs
/// against `article_slugs`.
pub fn load(root: &Path, content: &Path, article_slugs: &[&str]) -> Result<Timeline> {
    let path = content.join(TIMELINE_FILE);
    if !path.exists() {
        return Ok(Timeline::default());
    }
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::user(Diagnostic::new(&rel, format!("cannot read: {e}"))))?;
    let text = super::decode_utf8(&bytes, &rel)?;
    parse(&text, &rel, article_slugs)
}

pub fn parse(text: &str, file: &Path, article_slugs: &[&str]) -> Result<Timeline> {
    let data: Vec<EventData> = if text.trim().is_empty() {
        Vec::new()
    } else {
        crate::yaml::parse(text, file, 1)?
    };
    let mut diags = Diagnostics::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut events = Vec::with_capacity(data.len());
    let mut from_line = 1;
    for d in data {
        let id = d.id.trim().to_string();
        let line = crate::yaml::locate_text(text, &format!("id: {id}"), from_line, 1)
            .map_or(1, |(l, _)| l);
        from_line = line + 1;
        if !crate::text::is_valid_slug(&id) {
            diags.push(
                Diagnostic::new(file, format!("the event id `{id}` is not a valid id"))
                    .at(line, 1)
                    .hint("use lowercase letters, digits and hyphens; ids must never change once published"),
            );
        }
        if let Some(first) = ids.insert(id.clone(), line) {
            let col = crate::yaml::locate_text(text, &id, line, 1).map_or(1, |(_, c)| c);
            diags.push(
                Diagnostic::new(
                    file,
                    format!("the event id `{id}` is used twice (first at line {first})"),
                )
                .at(line, col)
                .hint("every event needs its own stable id"),
            );
        }
        if d.title.trim().is_empty() {
            diags.push(
                Diagnostic::new(file, format!("the event `{id}` has an empty title")).at(line, 1),
            );
        }
        if let Some(end) = d.end
            && end < d.date
        {
            let (l, c) = crate::yaml::locate_text(text, "end:", line, 1).unwrap_or((line, 1));
            diags.push(
                Diagnostic::new(file, format!("the event `{id}` ends before it starts")).at(l, c),
            );
        }
        for slug in &d.articles {
            if !article_slugs.contains(&slug.as_str()) {
                let (l, c) = crate::yaml::locate_text(text, slug, line, 1).unwrap_or((line, 1));
                diags.push(
                    Diagnostic::new(
                        file,
                        format!(
                            "the event `{id}` links to the article `{slug}`, which does not exist"
                        ),
                    )
                    .at(l, c)
                    .hint(
                        "write the slug of an article: the last part of its URL, articles/<slug>/",
                    ),
                );
            }
        }
        events.push(Event {
            id,
            date: d.date,
            end: d.end,
            title: d.title.trim().to_string(),
            text: d.text,
            tags: d.tags,
            sources: d.sources,
            articles: d.articles,
            line,
        });
    }
    diags.into_result()?;
    events.sort_by_key(|a| a.date);
    Ok(Timeline {
        events,
        file: Some(file.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_date_has_a_position() {
        let e = parse(
            "- id: a\n  date: 2017-13-01\n  title: T\n",
            Path::new("t.yaml"),
            &[],
        )
        .unwrap_err();
        let d = &e.diagnostics()[0];
        assert!(d.message.contains("invalid date"), "{}", d.message);
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn duplicate_ids_and_unknown_slugs() {
        let e = parse(
            "- id: a\n  date: 2017\n  title: T\n- id: a\n  date: 2018\n  title: U\n  articles: [nope]\n",
            Path::new("t.yaml"),
            &["yes"],
        )
        .unwrap_err();
        let msgs: Vec<_> = e
            .diagnostics()
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect();
        assert!(
            msgs.iter()
                .any(|(l, m)| *l == Some(4) && m.contains("used twice")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|(l, m)| *l == Some(7) && m.contains("`nope`")),
            "{msgs:?}"
        );
    }

    #[test]
    fn sorted_by_date() {
        let t = parse(
            "- id: b\n  date: 2017-06-13\n  title: B\n- id: a\n  date: 1993\n  title: A\n",
            Path::new("t.yaml"),
            &[],
        )
        .unwrap();
        assert_eq!(t.events[0].id, "a");
    }
}
