//! From a classified page to an article: the story's blocks and the
//! metadata found around them.
//!
//! The story is the main span found by [`super::classify`]. Around it a
//! news page puts, in a loose order, the headline, the standfirst, the
//! byline and the date; inside it, a dateline (`LONDRES (Reuters) -`) opens
//! the first paragraph and a signature (`(Guy Faulconbridge; …)`) may close
//! it; anywhere on the page, furniture names the publication (`LES
//! SERVICES DE L’USINE NOUVELLE`). Each field is taken only from such
//! evidence; when the evidence is weak the field is listed for review.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::blocks::Block;
use super::classify::{self, Class, Judged, ends_like_sentence};
use super::cues;
use super::dates::{FoundDate, find_date};
use super::names::{agency_name, is_all_caps, is_person_name, split_name_list, title_case};
use crate::date::PartialDate;

/// One piece of the article's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyItem {
    Paragraph(String),
    Heading(String),
    Bullet(String),
}

/// What the page says about the article, before typography.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<PartialDate>,
    pub publication: Option<String>,
    pub agency: Option<String>,
    pub authors: Vec<String>,
    pub translators: Vec<String>,
    pub dateline: Option<String>,
    pub lang: String,
    /// Fields the editor should check, in front matter order.
    pub review: Vec<String>,
}

/// An article taken out of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub meta: Metadata,
    pub body: Vec<BodyItem>,
}

/// Blocks considered for the header's metadata before the story starts.
const HEADER_WINDOW: usize = 12;
/// Longest standfirst: two sentences of a lede.
const STANDFIRST_MAX: usize = 400;
/// Longest title derived from a standfirst.
const DERIVED_TITLE_MAX: usize = 160;

/// Builds the article from the classified blocks and the story's span.
pub fn extract(
    blocks: &[Block],
    judged: &[Judged],
    span: (usize, usize),
    lang: &str,
    lang_confident: bool,
) -> Extracted {
    let (start, end) = span;
    let mut kept: Vec<usize> = (start..end)
        .filter(|&i| judged[i].class == Class::Good)
        .collect();
    let mut meta = Metadata {
        lang: lang.to_string(),
        ..Metadata::default()
    };
    let mut review = Vec::new();

    // Title: the story's first block if it is a headline, else the nearest
    // headline before the story.
    // A headline before the story that a standfirst follows is the
    // strongest evidence; an interview's first question also looks like a
    // headline, so the story's first block comes second.
    let before = headline_before(blocks, start);
    let title_at = if before.is_some_and(|i| introduces_article(blocks, i, start)) {
        before
    } else if kept.len() > 1 && is_headline(&blocks[kept[0]].text) {
        Some(kept.remove(0))
    } else {
        before
    };
    let header_from = title_at.map_or(start.saturating_sub(HEADER_WINDOW), |t| t + 1);
    let header: Vec<usize> = (header_from..start).collect();

    // Standfirst: prose between the headline and the story, or the story's
    // first block when the page has no headline (seed 000's shape).
    let mut summary = header
        .iter()
        .copied()
        .find(|&i| is_header_standfirst(&blocks[i].text) && judged[i].density >= 0.2)
        .map(|i| blocks[i].text.clone());
    let mut summary_unsure = false;
    let meta_after_first =
        kept.len() > 1 && (kept[0] + 1..kept[1]).any(|i| is_meta_line(&blocks[i].text));
    if summary.is_none()
        && title_at.is_some()
        && meta_after_first
        && is_standfirst_shape(&blocks[kept[0]].text)
        && dateline(&blocks[kept[0]].text).is_none()
    {
        // Headline, standfirst, byline or date, then the story.
        summary = Some(blocks[kept.remove(0)].text.clone());
    }
    if summary.is_none()
        && title_at.is_none()
        && kept.len() > 1
        && is_standfirst_shape(&blocks[kept[0]].text)
        && dateline(&blocks[kept[0]].text).is_none()
    {
        summary = Some(blocks[kept.remove(0)].text.clone());
        summary_unsure = true;
    }

    meta.title = match title_at {
        Some(i) => clean_title(&blocks[i].text),
        None => {
            review.push("title");
            derive_title(
                summary
                    .as_deref()
                    .unwrap_or_else(|| kept.first().map_or("", |&i| blocks[i].text.as_str())),
            )
        }
    };
    meta.summary = summary;
    if summary_unsure {
        review.push("summary");
    }

    // Byline and dates in the header, in blocks dropped from the story, or
    // just after it.
    let around: Vec<usize> = header
        .iter()
        .copied()
        .chain((start..end).filter(|i| !kept.contains(i) && Some(*i) != title_at))
        .chain(end..(end + 3).min(blocks.len()))
        .collect();
    let mut people = People::default();
    for &i in &around {
        if let Some(p) = byline(&blocks[i].text) {
            people.merge(p);
        }
        if let Some((_, agency)) = agency_credit(&blocks[i].text) {
            people.agency.get_or_insert(agency);
        }
    }

    // Signature: a parenthesised list of names closing the story.
    let signature_at = kept
        .last()
        .copied()
        .into_iter()
        .chain(end..(end + 2).min(blocks.len()))
        .find(|&i| signature(&blocks[i].text).is_some());
    if let Some(i) = signature_at {
        people.merge(signature(&blocks[i].text).unwrap_or_default());
        kept.retain(|&k| k != i);
    }

    // Body, with the dateline taken off its first paragraph.
    let mut body: Vec<BodyItem> = kept
        .iter()
        .enumerate()
        .map(|(n, &i)| body_item(blocks, &kept, n, i))
        .collect();
    let mut dateline_date = None;
    if let Some(BodyItem::Paragraph(first)) = body.first_mut()
        && let Some(d) = dateline(first)
    {
        meta.dateline = Some(d.place);
        if let Some(a) = d.agency {
            meta.agency = Some(a);
        }
        dateline_date = d.date;
        *first = d.rest;
    }
    meta.agency = meta.agency.or(people.agency.clone());
    meta.authors = people.authors;
    meta.translators = people.translators;

    // Date: the header's publication date; else any date in the header or
    // the dateline, flagged.
    let header_dates: Vec<FoundDate> = around
        .iter()
        .filter(|&&i| blocks[i].text.chars().count() <= 160)
        .filter_map(|&i| find_date(&blocks[i].text))
        .chain(dateline_date)
        .collect();
    match pick_date(&header_dates) {
        Some((d, sure)) => {
            meta.date = Some(d);
            if !sure {
                review.push("date");
            }
        }
        None => review.push("date"),
    }

    // Publication from the page's furniture.
    if let Some((name, votes)) = publication(blocks) {
        meta.publication = Some(name);
        if votes < 2 {
            review.push("source.publication");
        }
    }
    if !lang_confident {
        review.push("lang");
    }
    meta.review = review.into_iter().map(str::to_string).collect();
    Extracted { meta, body }
}

/// Whether a line reads as a headline: a few words, capitalised, no final
/// full stop, no interface words.
pub fn is_headline(text: &str) -> bool {
    let chars = text.chars().count();
    let words = text.split_whitespace().count();
    let first = text.chars().next();
    (15..=200).contains(&chars)
        && (3..=30).contains(&words)
        && first.is_some_and(|c| c.is_uppercase() || c.is_numeric() || "«\"“".contains(c))
        && !text.trim_end().ends_with(['.', ':', ',', ';'])
        && !text.contains(['|', '>', '›', '·'])
        && !is_meta_line(text)
        && !cues::is_lead_in(text)
        && !cues::is_section_end(text)
        && cues::ui_hits(text) * 3 < words
        && !classify::is_capital_label(text)
        && !classify::is_truncated_teaser(text)
        && !ends_with_function_word(text)
}

/// A headline does not end on a preposition or an article (`Article
/// rédigé par`, `Published by`): such a line is a label cut from its value.
fn ends_with_function_word(text: &str) -> bool {
    const DANGLING: &[&str] = &[
        "par", "de", "du", "des", "le", "la", "les", "à", "au", "aux", "avec", "pour", "sur", "et",
        "by", "of", "the", "a", "an", "to", "for", "with", "and", "on", "in",
    ];
    text.split_whitespace()
        .last()
        .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
}

/// A line that carries metadata rather than text: byline, date line,
/// credit, counter. A short sentence that mentions a date ends with a full
/// stop; a date line does not, or says it is one (`Publié le …`).
pub fn is_meta_line(text: &str) -> bool {
    let chars = text.chars().count();
    let date_line = chars <= 100
        && find_date(text).is_some_and(|d| d.published || d.updated || !ends_like_sentence(text));
    byline(text).is_some()
        || agency_credit(text).is_some()
        || date_line
        || (chars <= 200 && cues::is_credit(text))
        || cues::is_counter(text)
}

/// The headline before the story, within [`HEADER_WINDOW`] blocks: the
/// nearest one followed by a standfirst (prose before the story starts),
/// else the nearest one. A site's name or a section label may stand between
/// the headline and the text, but not between headline and standfirst.
fn headline_before(blocks: &[Block], start: usize) -> Option<usize> {
    let candidates: Vec<usize> = (start.saturating_sub(HEADER_WINDOW)..start)
        .rev()
        .filter(|&i| is_headline(&blocks[i].text))
        .filter(|&i| i == 0 || !cues::is_caption_label(&blocks[i - 1].text))
        .collect();
    let find = |test: fn(&[Block], usize, usize) -> bool| {
        candidates.iter().copied().find(|&i| test(blocks, i, start))
    };
    find(has_standfirst)
        .or_else(|| find(has_meta_after))
        .or(candidates.first().copied())
}

/// Whether the block after a headline candidate is a standfirst: prose that
/// ends before the story starts.
fn has_standfirst(blocks: &[Block], i: usize, start: usize) -> bool {
    i + 1 < start && is_header_standfirst(&blocks[i + 1].text)
}

/// A standfirst in the header, where some sites leave off the full stop
/// ("New director says … must cooperate with agencies"): long enough to
/// be prose rather than a second headline.
fn is_header_standfirst(text: &str) -> bool {
    is_standfirst_shape(text)
        || (text.chars().count() >= 80
            && text.split_whitespace().count() >= 12
            && is_standfirst_shape(&format!("{text}.")))
}

/// Whether one of the two blocks after a headline candidate is a byline or
/// a date line.
fn has_meta_after(blocks: &[Block], i: usize, start: usize) -> bool {
    (i + 1..(i + 3).min(start)).any(|k| is_meta_line(&blocks[k].text))
}

/// Whether a candidate before the story is clearly the headline.
fn introduces_article(blocks: &[Block], i: usize, start: usize) -> bool {
    has_standfirst(blocks, i, start) || has_meta_after(blocks, i, start)
}

fn clean_title(text: &str) -> String {
    text.trim().to_string()
}

/// A title made from a standfirst: its first sentence, without the final
/// full stop, cut at a word boundary if long. Always flagged for review.
pub fn derive_title(standfirst: &str) -> String {
    let first_sentence = first_sentence(standfirst);
    let mut title = first_sentence
        .trim_end_matches(['.', ' '])
        .trim()
        .to_string();
    // A leading circumstance ("Dans le cadre de …, ") is context, not the
    // news: drop it when what follows is a clause of its own.
    if let Some((lead, rest)) = title.split_once(", ")
        && lead.split_whitespace().count() <= 10
        && is_circumstance(lead)
        && rest.split_whitespace().count() >= 5
    {
        title = capitalise_first(rest);
    }
    if title.chars().count() > DERIVED_TITLE_MAX {
        let mut cut: String = title.chars().take(DERIVED_TITLE_MAX).collect();
        if let Some(sp) = cut.rfind(' ') {
            cut.truncate(sp);
        }
        title = format!("{}…", cut.trim_end_matches([',', ' ']));
    }
    title
}

/// Openings of a circumstantial phrase in French and English.
fn is_circumstance(lead: &str) -> bool {
    let l = lead.to_lowercase();
    [
        "dans le cadre",
        "après ",
        "avant ",
        "face à",
        "selon ",
        "pour ",
        "lors ",
        "alors ",
        "en ",
        "depuis ",
        "malgré ",
        "au lendemain",
        "à la suite",
        "à l’issue",
        "à l'issue",
        "after ",
        "before ",
        "in ",
        "following ",
        "amid ",
        "as ",
        "according to",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The first sentence: up to the first `. ` followed by a capital letter.
fn first_sentence(text: &str) -> &str {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for w in bytes.windows(3) {
        if matches!(w[0].1, '.' | '!' | '?') && w[1].1 == ' ' && w[2].1.is_uppercase() {
            return &text[..w[0].0 + 1];
        }
    }
    text
}

/// One or two sentences of prose, short enough to be a standfirst.
fn is_standfirst_shape(text: &str) -> bool {
    let chars = text.chars().count();
    (40..=STANDFIRST_MAX).contains(&chars)
        && ends_like_sentence(text)
        && sentence_count(text) <= 2
        && !is_meta_line(text)
        && !cues::is_lead_in(text)
        && !classify::is_truncated_teaser(text)
        && cues::ui_hits(text) == 0
}

fn sentence_count(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let inner = chars
        .windows(3)
        .filter(|w| matches!(w[0], '.' | '!' | '?') && w[1] == ' ' && w[2].is_uppercase())
        .count();
    inner + 1
}

fn body_item(blocks: &[Block], kept: &[usize], n: usize, i: usize) -> BodyItem {
    let text = &blocks[i].text;
    if let Some(rest) = bullet(text) {
        return BodyItem::Bullet(rest.to_string());
    }
    let inside = n > 0 && n + 1 < kept.len();
    let after_sentence = n > 0 && ends_like_sentence(&blocks[kept[n - 1]].text);
    if inside && after_sentence && is_subheading(text) {
        BodyItem::Heading(text.clone())
    } else {
        BodyItem::Paragraph(text.clone())
    }
}

/// A short line inside the story that does not end like a sentence.
fn is_subheading(text: &str) -> bool {
    let chars = text.chars().count();
    let words = text.split_whitespace().count();
    chars <= 100
        && (1..=15).contains(&words)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '«')
        && !ends_like_sentence(text)
        && !text.trim_end().ends_with(',')
}

/// A list item, without its marker.
fn bullet(text: &str) -> Option<&str> {
    for marker in ["- ", "• ", "* ", "– ", "— ", "· "] {
        if let Some(rest) = text.strip_prefix(marker) {
            return Some(rest.trim_start());
        }
    }
    None
}

/// A dateline opening a dispatch.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    pub place: String,
    pub agency: Option<String>,
    pub date: Option<FoundDate>,
    /// The paragraph without the dateline.
    pub rest: String,
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?P<place>\p{Lu}[\p{L}'’.-]*(?:[ -]\p{Lu}[\p{L}'’.-]*){0,3})(?:\s*,\s*(?P<date>[^()\n]{1,40}?))?\s*(?:\((?P<agency>[\p{L}][\p{L}&.-]*(?: [\p{L}&.-]+){0,2})\)\s*)?[-–—]+\s+(?P<rest>\S.*)$",
        )
        .expect("dateline regex")
    })
}

/// Recognises `LONDRES (Reuters) - …`, `PARIS, 13 juin (AFP) - …`,
/// `WASHINGTON — …`. Without an agency the place must be in capitals, so an
/// ordinary sentence with a dash is never taken for one.
pub fn dateline(text: &str) -> Option<Dateline> {
    let c = dateline_re().captures(text)?;
    let place = c.name("place")?.as_str();
    let agency = c.name("agency").map(|a| a.as_str().to_string());
    if agency.is_none() && !is_all_caps(place) {
        return None;
    }
    if place.split_whitespace().count() > 4 || place.chars().count() > 40 {
        return None;
    }
    if let Some(a) = &agency
        && agency_name(a).is_none()
        && !a.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    let date = c.name("date").and_then(|d| find_date(d.as_str()));
    let place = if is_all_caps(place) {
        title_case(place)
    } else {
        place.to_string()
    };
    Some(Dateline {
        place,
        agency: agency.map(|a| agency_name(&a).map_or(a.clone(), str::to_string)),
        date,
        rest: capitalise_first(&c["rest"]),
    })
}

/// People named by a byline or a signature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub authors: Vec<String>,
    pub translators: Vec<String>,
    pub agency: Option<String>,
}

impl People {
    fn merge(&mut self, other: People) {
        for a in other.authors {
            if !self.authors.contains(&a) {
                self.authors.push(a);
            }
        }
        for t in other.translators {
            if !self.translators.contains(&t) {
                self.translators.push(t);
            }
        }
        self.agency = self.agency.take().or(other.agency);
    }

    fn is_empty(&self) -> bool {
        self.authors.is_empty() && self.translators.is_empty() && self.agency.is_none()
    }
}

fn byline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:par|by|de notre (?:envoyé|envoyée|correspondant|correspondante)(?: spécial| spéciale| permanent)?(?: à [\p{L} -]+)?,?|propos recueillis par|written by|reporting by|texte|auteur|author)\s*:?\s+(?P<names>.+)$")
            .expect("byline regex")
    })
}

fn role_byline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?P<name>[^,]{3,50}),\s*(?:[\p{L}'’ -]{0,30}\s)?(?:correspondent|reporter|editor|journalist|columnist|writer|correspondant|correspondante|journaliste|envoyé spécial|envoyée spéciale|rédacteur|rédactrice|chroniqueur|chroniqueuse)(?:\s[\p{L}'’ -]{0,30})?$")
            .expect("role byline regex")
    })
}

/// `Par Jean Dupont et Marie Curie`, `By John Smith, Reuters`,
/// `Par Jean Dupont (avec AFP) Publié le …`, `Chris Adams, Political
/// Correspondent`.
pub fn byline(text: &str) -> Option<People> {
    if text.chars().count() > 160 {
        return None;
    }
    if let Some(c) = role_byline_re().captures(text)
        && is_person_name(&c["name"])
    {
        return Some(People {
            authors: vec![c["name"].trim().to_string()],
            ..People::default()
        });
    }
    let c = byline_re().captures(text)?;
    let names = c.name("names")?.as_str();
    // What follows the names: a date, a role, a place.
    let cut = names
        .find(['|', '—', '–', '(', '\u{2022}'])
        .or_else(|| {
            let l = names.to_lowercase();
            [
                " publié",
                " mis à jour",
                " le ",
                " published",
                " updated",
                " - ",
                " on ",
            ]
            .iter()
            .filter_map(|p| l.find(p))
            .min()
        })
        .unwrap_or(names.len());
    let mut people = People::default();
    let (list, tail) = names.split_at(cut);
    // "Jean Martin, correspondant à Rome": what follows in lowercase is a role.
    let parts = split_name_list(list);
    let names_only = parts
        .iter()
        .take_while(|p| !p.chars().next().is_some_and(char::is_lowercase));
    for part in names_only.cloned() {
        if let Some(a) = agency_name(&part) {
            people.agency.get_or_insert(a.to_string());
        } else if is_person_name(&part) {
            people.authors.push(part);
        } else {
            // "By signing up you agree…": a sentence, not a byline.
            return None;
        }
    }
    if people.agency.is_none() {
        people.agency = tail
            .split(|c: char| !c.is_alphanumeric())
            .find_map(agency_name)
            .map(str::to_string);
    }
    (!people.authors.is_empty()).then_some(people)
}

fn agency_credit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\(?(?P<who>[^()]{0,50}?)\s*(?:\bavec\b|\bwith\b|\+|&)\s*(?P<agency>[\p{L}][\p{L} .-]{1,25}?)\s*\)?\.?$")
            .expect("agency credit regex")
    })
}

/// A credit line naming an agency: `Le Monde avec AFP`, `(avec AFP)`,
/// `Staff and Reuters`. Gives the agency, and the publication when one is
/// named before it.
pub fn agency_credit(text: &str) -> Option<(Option<String>, String)> {
    if text.chars().count() > 80 {
        return None;
    }
    let c = agency_credit_re().captures(text)?;
    let agency = agency_name(&c["agency"])?;
    let who = c["who"].trim();
    let publication = (!who.is_empty() && who.chars().next().is_some_and(char::is_uppercase))
        .then(|| who.to_string());
    Some((publication, agency.to_string()))
}

/// Roles in a signature that name translators, and editors (who are
/// neither authors nor translators).
const TRANSLATOR_CUES: &[&str] = &[
    "pour le service français",
    "version française",
    "traduction",
    "traduit par",
    "translated by",
    "french version",
    "adaptation française",
];
const EDITOR_CUES: &[&str] = &["édité par", "édition", "editing by", "edited by", "édité"];
const AUTHOR_ROLE_WORDS: &[&str] = &[
    "additional reporting by",
    "reporting by",
    "writing by",
    "compiled by",
    "rédigé par",
    "reportage",
    "avec",
    "with",
    "by",
    "par",
];

/// A signature closing a dispatch: `(Guy Faulconbridge; Henri-Pierre André
/// pour le service français)`, `(Reporting by A; Editing by B)`,
/// `(avec AFP)`.
pub fn signature(text: &str) -> Option<People> {
    let inner = text
        .trim()
        .trim_end_matches('.')
        .strip_prefix('(')?
        .strip_suffix(')')?;
    if inner.chars().count() > 250 || inner.contains(['(', ')']) {
        return None;
    }
    let mut people = People::default();
    for segment in inner.split([';', '/']) {
        let lower = segment.to_lowercase();
        if EDITOR_CUES.iter().any(|c| lower.contains(c)) {
            continue;
        }
        let is_translation = TRANSLATOR_CUES.iter().any(|c| lower.contains(c));
        let mut names_part = segment.to_string();
        for cue in TRANSLATOR_CUES.iter().chain(AUTHOR_ROLE_WORDS) {
            names_part = remove_phrase(&names_part, cue);
        }
        for part in split_name_list(&names_part) {
            if let Some(a) = agency_name(&part) {
                people.agency.get_or_insert(a.to_string());
            } else if is_person_name(&part) {
                if is_translation {
                    people.translators.push(part);
                } else {
                    people.authors.push(part);
                }
            } else {
                // Words that are neither a name nor a known role: this is a
                // sentence in parentheses, not a signature.
                return None;
            }
        }
    }
    (!people.is_empty()).then_some(people)
}

/// Removes a role phrase, case-insensitively, on word boundaries.
fn remove_phrase(s: &str, phrase: &str) -> String {
    let re = Regex::new(&format!(r"(?i)(?:^|\b){}\b\s*:?", regex::escape(phrase)))
        .expect("escaped phrase");
    re.replace_all(s, " ").trim().to_string()
}

/// The publication date if the header names one, else the first date found
/// there (unsure); updates only when nothing else is dated.
fn pick_date(found: &[FoundDate]) -> Option<(PartialDate, bool)> {
    if let Some(f) = found.iter().find(|f| f.published && !f.ambiguous) {
        return Some((f.date, true));
    }
    found
        .iter()
        .find(|f| !f.updated)
        .or_else(|| found.first())
        .map(|f| (f.date, false))
}

fn publication_patterns() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        let name = r"(?P<name>\p{Lu}[\p{L}’'-]*(?:\s+(?:de |du |des |d’|d'|l’|l')?\p{Lu}[\p{L}’'-]*){0,3})";
        [
            // Section furniture: "LES SERVICES DE L’USINE NOUVELLE".
            format!(
                r"(?i:^(?:les |nos )?(?:événements|evenements|services|newsletters?|podcasts|vidéos|videos|offres|éditions|editions|applications?|abonnements?|dossiers)\s+(?:de |du |des |d’|d')?){name}\s*$"
            ),
            // Reader's space branded with the title: "Mon Stratégies".
            format!(r"(?:^|[\s«“])Mon\s+{name}"),
            // Copyright lines.
            format!(r"(?i:©|copyright)\s*(?:\d{{4}}\s*[-–]?\s*)?{name}"),
            // Agency credits: "Le Monde avec AFP".
            format!(r"^{name}\s+(?i:avec|with)\s+(?:AFP|Reuters|AP)\.?$"),
            // Subscription calls: "Abonnez-vous à Libération".
            format!(r"(?i:abonnez-vous à|abonnez-vous au|s['’]abonner à|subscribe to|la newsletter de|la newsletter du)\s+{name}"),
        ]
        .iter()
        .map(|p| Regex::new(p).expect("publication regex"))
        .collect()
    })
}

/// Common nouns that follow "Mon" in interface text, not titles.
const NOT_TITLES: &[&str] = &[
    "Compte",
    "Espace",
    "Profil",
    "Panier",
    "Abonnement",
    "Avis",
    "Fil",
    "Journal",
    "Magazine",
    "Menu",
    "Site",
];

/// The publication named by the page's furniture, with the number of
/// furniture lines that name it.
pub fn publication(blocks: &[Block]) -> Option<(String, usize)> {
    let mut votes: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    for (order, b) in blocks.iter().enumerate() {
        if b.text.chars().count() > 200 {
            continue;
        }
        for re in publication_patterns() {
            let Some(c) = re.captures(&b.text) else {
                continue;
            };
            let raw = c["name"].trim_end_matches(['.', '’', '\'']).trim();
            if raw.chars().count() < 3
                || NOT_TITLES.contains(&raw)
                || raw.contains(char::is_numeric)
            {
                continue;
            }
            let name = if is_all_caps(raw) {
                title_case(raw)
            } else {
                raw.replace('\'', "’")
            };
            let key = crate::text::fold_accents(&name).to_lowercase();
            let e = votes.entry(key).or_insert((name, 0, order));
            e.1 += 1;
        }
    }
    votes
        .into_values()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(name, n, _)| (name, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines() {
        assert!(is_headline(
            "Le GCHQ britannique veut que Twitter et Facebook coopèrent plus"
        ));
        assert!(is_headline("Encryption: why the G7 wants a way in?"));
        assert!(!is_headline("Partager"));
        assert!(!is_headline("Accueil > International > Europe"));
        assert!(!is_headline("Publié le 13 juin 2017 à 10h32"));
        assert!(!is_headline("Par Jean Dupont"));
        assert!(!is_headline("Le texte se termine par une phrase complète."));
        assert!(!is_headline("Article rédigé par"));
    }

    #[test]
    fn derived_titles_drop_the_circumstance() {
        assert_eq!(
            derive_title(
                "Dans le cadre de la lutte contre le terrorisme, la France et le Royaume-Uni \
                 veulent travailler avec les entreprises. Autre phrase."
            ),
            "La France et le Royaume-Uni veulent travailler avec les entreprises"
        );
        let long = "Le gouvernement ".repeat(20);
        let t = derive_title(&long);
        assert!(
            t.ends_with('…') && t.chars().count() <= DERIVED_TITLE_MAX + 1,
            "{t}"
        );
    }

    #[test]
    fn datelines() {
        let d = dateline("LONDRES (Reuters) - Les sites Twitter et Facebook ont pris").unwrap();
        assert_eq!(d.place, "Londres");
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert_eq!(d.rest, "Les sites Twitter et Facebook ont pris");
        let d = dateline("WASHINGTON, June 13, 2017 (AP) — The FBI said").unwrap();
        assert_eq!(d.place, "Washington");
        assert_eq!(d.agency.as_deref(), Some("AP"));
        assert_eq!(d.date.unwrap().date.iso(), "2017-06-13");
        let d = dateline("PARIS — Le ministre a dit").unwrap();
        assert_eq!((d.place.as_str(), d.agency), ("Paris", None));
        assert!(dateline("Le ministre - qui parlait hier - a dit").is_none());
        assert!(dateline("Il a dit - et répété - que non").is_none());
    }

    #[test]
    fn bylines() {
        let p = byline("Par Jean Dupont et Marie Curie").unwrap();
        assert_eq!(p.authors, vec!["Jean Dupont", "Marie Curie"]);
        let p = byline("By John Smith, Reuters").unwrap();
        assert_eq!(p.authors, vec!["John Smith"]);
        assert_eq!(p.agency.as_deref(), Some("Reuters"));
        let p = byline("Par Jean Dupont (avec AFP) Publié le 13 juin 2017").unwrap();
        assert_eq!((p.authors.len(), p.agency.as_deref()), (1, Some("AFP")));
        assert!(byline("Par ailleurs, le ministre a déclaré que").is_none());
        let p = byline("par Jean Martin, correspondant à Rome").unwrap();
        assert_eq!(p.authors, vec!["Jean Martin"]);
        let p = byline("Chris Adams, Political Correspondent").unwrap();
        assert_eq!(p.authors, vec!["Chris Adams"]);
        assert!(byline("Le ministre, ancien journaliste").is_none());
    }

    #[test]
    fn signatures() {
        let p =
            signature("(Guy Faulconbridge; Henri-Pierre André pour le service français)").unwrap();
        assert_eq!(p.authors, vec!["Guy Faulconbridge"]);
        assert_eq!(p.translators, vec!["Henri-Pierre André"]);
        let p = signature("(Reporting by Kate Holton and Paul Sandle; Editing by Alison Williams)")
            .unwrap();
        assert_eq!(p.authors, vec!["Kate Holton", "Paul Sandle"]);
        assert!(p.translators.is_empty());
        let p = signature("(avec AFP)").unwrap();
        assert_eq!(p.agency.as_deref(), Some("AFP"));
        assert!(signature("(le texte a été mis à jour)").is_none());
        assert!(signature("(NSA)").is_none());
    }

    #[test]
    fn agency_credits() {
        assert_eq!(
            agency_credit("Le Courrier du Soir avec AFP"),
            Some((Some("Le Courrier du Soir".into()), "AFP".into()))
        );
        assert_eq!(
            agency_credit("(avec Reuters)"),
            Some((None, "Reuters".into()))
        );
        assert_eq!(agency_credit("Il est parti avec Paul"), None);
    }

    #[test]
    fn publications_from_furniture() {
        let blocks = crate::import::blocks::split(
            "Sujets associés\n\nLES ÉVÉNEMENTS L’USINE NOUVELLE\n\nLES SERVICES DE L’USINE NOUVELLE",
        );
        assert_eq!(
            publication(&blocks),
            Some(("L’Usine Nouvelle".to_string(), 2))
        );
        let blocks = crate::import::blocks::split(
            "Suivez dans Mon Stratégies les thématiques associées.\n\nMon compte",
        );
        assert_eq!(publication(&blocks), Some(("Stratégies".to_string(), 1)));
        let blocks = crate::import::blocks::split("© 2017 The Guardian. All rights reserved.");
        assert_eq!(
            publication(&blocks).map(|p| p.0).as_deref(),
            Some("The Guardian")
        );
    }
}
