//! Main text or clutter: jusText's method, adapted to copied plain text.
//!
//! jusText (Pomikálek, 2011) classifies each block from its own features
//! (length, share of stopwords, link density) into good, near-good, short
//! or bad, then revises the uncertain classes from their neighbours: a short
//! block between two good ones is part of the text (a heading, a one-line
//! paragraph), one between two bad ones is not, and near-good blocks are
//! kept only next to good ones. Plain text has no links, so the link
//! density is replaced by what a copied page shows instead: runs of short
//! unpunctuated lines (menus, link lists), repeated lines (teasers print
//! their title twice), all-capital labels, and the clutter cues of
//! [`super::cues`].
//!
//! A news page holds one story, so the last step keeps one contiguous span:
//! the run of blocks with the largest weight of good text (a maximum-sum
//! segment), never crossing a header that opens the page's trailing
//! furniture (comments, most read, related articles). Bad blocks inside that
//! span ("Partager", "Lire aussi : …", a photo credit) are dropped.

use std::collections::HashMap;

use super::blocks::Block;
use super::cues;
use super::extract;
use super::lang::{Stopwords, stopword_density};

/// The class of a block, before and after context revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// Thresholds, as in jusText, with stopword shares lowered for the NLTK
/// lists, which are shorter than jusText's (measured on the seeds and the
/// fixtures: story paragraphs score 0.38 to 0.55, teasers and menus below
/// 0.25).
pub const LENGTH_LOW: usize = 70;
pub const LENGTH_HIGH: usize = 200;
pub const STOPWORDS_LOW: f64 = 0.25;
pub const STOPWORDS_HIGH: f64 = 0.30;
/// Blocks up to this length are condemned by their interface words; longer
/// ones need many of them (a cookie banner, a newsletter box).
const CUE_SHORT_LEN: usize = 150;
/// Lines making a menu or link list: at least this many short lines in a row
/// with no sentence punctuation.
const LIST_RUN: usize = 3;
/// Weight of a bad block in the span search: even a one-word button costs
/// something, so a span does not reach across a long run of them.
const BAD_MIN_WEIGHT: i64 = 40;

/// What the classifier decided about one block, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub initial: Class,
    pub class: Class,
    /// A short piece of furniture inserted in the text (a share bar, a photo
    /// credit, a "read also" link, a byline): context revision looks past
    /// it, so a story interrupted by one is not cut at that point.
    pub transparent: bool,
    /// Opens the trailing furniture: the story never continues past it.
    pub section_end: bool,
    pub density: f64,
}

/// Classifies every block: initial class from its own features, then
/// jusText's context revision.
pub fn classify(blocks: &[Block], stopwords: &Stopwords) -> Vec<Judged> {
    let duplicates = repeated_texts(blocks);
    let in_list = list_runs(blocks);
    let mut judged: Vec<Judged> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (density, _) = stopword_density(&b.text, stopwords);
            let section_end = cues::is_section_end(&b.text);
            let chars = b.text.chars().count();
            let furniture = is_furniture(&b.text, chars) || extract::is_meta_line(&b.text);
            let initial = if section_end {
                Class::Bad
            } else {
                initial_class(&b.text, density, duplicates[i], in_list[i])
            };
            Judged {
                initial,
                class: initial,
                transparent: !section_end && (furniture || in_list[i]) && chars <= CUE_SHORT_LEN,
                section_end,
                density,
            }
        })
        .collect();
    mark_linked_titles(blocks, &mut judged);
    promote_near_good_runs(blocks, &mut judged);
    mark_boxed(&mut judged);
    revise_short(&mut judged);
    revise_near_good(&mut judged);
    judged
}

/// The class of a block from its own features.
pub fn initial_class(text: &str, density: f64, repeated: bool, in_list: bool) -> Class {
    let chars = text.chars().count();
    let furniture = is_furniture(text, chars) || extract::is_meta_line(text);
    if furniture || (repeated && chars < 300) || in_list {
        return Class::Bad;
    }
    let class = if chars < LENGTH_LOW {
        Class::Short
    } else if density >= STOPWORDS_HIGH {
        if chars > LENGTH_HIGH {
            Class::Good
        } else {
            Class::NearGood
        }
    } else if density >= STOPWORDS_LOW {
        Class::NearGood
    } else {
        Class::Bad
    };
    if is_truncated_teaser(text) {
        match class {
            Class::Good => Class::NearGood,
            Class::NearGood => Class::Bad,
            c => c,
        }
    } else {
        class
    }
}

/// Longest lead-in that stands alone on its line (`À lire aussi`), its link
/// on the next line.
const LONE_LEAD_IN_LEN: usize = 30;

/// The line after a lone "read also" header is the linked article's title
/// or teaser: part of the insert.
fn mark_linked_titles(blocks: &[Block], judged: &mut [Judged]) {
    for i in 1..blocks.len() {
        let prev = &blocks[i - 1].text;
        let header = cues::is_link_lead_in(prev) && prev.chars().count() <= LONE_LEAD_IN_LEN;
        let text = &blocks[i].text;
        let link_like = !ends_like_sentence(text) || is_truncated_teaser(text);
        if header && link_like && !judged[i].section_end && text.chars().count() < 300 {
            judged[i].initial = Class::Bad;
            judged[i].class = Class::Bad;
            judged[i].transparent = true;
        }
    }
}

/// Consecutive near-good blocks long enough together are paragraphs of a
/// short story, not teasers: teasers come one at a time between titles and
/// buttons. jusText alone loses a short news item whose every paragraph is
/// under [`LENGTH_HIGH`].
fn promote_near_good_runs(blocks: &[Block], judged: &mut [Judged]) {
    let mut i = 0;
    while i < judged.len() {
        if judged[i].class != Class::NearGood {
            i += 1;
            continue;
        }
        let start = i;
        while i < judged.len() && judged[i].class == Class::NearGood {
            i += 1;
        }
        let chars: usize = blocks[start..i]
            .iter()
            .map(|b| b.text.chars().count())
            .sum();
        if i - start >= 2 && chars >= 2 * LENGTH_HIGH {
            judged[start..i]
                .iter_mut()
                .for_each(|j| j.class = Class::Good);
        }
    }
}

/// A short or near-good block with furniture right above and right below
/// is the text of a box (a newsletter offer, a video teaser), not story.
fn mark_boxed(judged: &mut [Judged]) {
    for i in 1..judged.len().saturating_sub(1) {
        let uncertain = matches!(judged[i].class, Class::Short | Class::NearGood);
        if uncertain && judged[i - 1].transparent && judged[i + 1].transparent {
            judged[i].class = Class::Bad;
        }
    }
}

/// Page furniture recognised by its words or its shape alone.
fn is_furniture(text: &str, chars: usize) -> bool {
    if cues::is_lead_in(text) || cues::is_counter(text) || cues::is_colophon(text) {
        return true;
    }
    if chars <= CUE_SHORT_LEN {
        let words = super::lang::words(text).count().max(1);
        let hits = cues::ui_hits(text);
        if hits >= 2 || hits * 3 >= words {
            return true;
        }
        if cues::is_credit(text) || cues::is_job_ad(text) || cues::is_copyright(text) {
            return true;
        }
        if is_capital_label(text) || is_symbol_line(text) {
            return true;
        }
    } else if chars <= 4 * CUE_SHORT_LEN {
        // A cookie banner or newsletter box reads like prose but is made
        // of interface words.
        let words = super::lang::words(text).count().max(1);
        let hits = cues::ui_hits(text);
        if hits >= 3 && hits * 20 >= words {
            return true;
        }
        if cues::is_copyright(text) && !text.contains(". ") {
            return true;
        }
    }
    false
}

/// A label in capitals (`LES PODCASTS`, `INTERNATIONAL`): section names, not
/// sentences.
pub fn is_capital_label(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 4 {
        return false;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    upper * 10 >= letters.len() * 7
}

/// A line with no letters at all (`|`, `>>`, `1 2 3 4 … 10`, `+`).
fn is_symbol_line(text: &str) -> bool {
    !text.chars().any(char::is_alphabetic)
}

/// A teaser cut mid-sentence ("… répond aux questions..."): the site's
/// excerpt of another article. An elided quotation `(...)` is not one.
pub fn is_truncated_teaser(text: &str) -> bool {
    let t = text.trim_end();
    (t.ends_with("...") || t.ends_with('…'))
        && !t.ends_with("(...)")
        && !t.ends_with("(…)")
        && !t.ends_with("[…]")
        && !t.ends_with("[...]")
}

/// Whether a short line ends as a sentence does.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end_matches([' ', '"', '»', '”', ')', '’', '\'']);
    t.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Blocks whose text appears more than once on the page: teasers repeat
/// their title, footers repeat menus. Story paragraphs are not repeated.
fn repeated_texts(blocks: &[Block]) -> Vec<bool> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for b in blocks {
        *counts.entry(b.text.to_lowercase()).or_default() += 1;
    }
    blocks
        .iter()
        .map(|b| counts[&b.text.to_lowercase()] > 1)
        .collect()
}

/// Members of runs of [`LIST_RUN`] or more short lines without sentence
/// punctuation: a menu, a list of links, a tag cloud.
fn list_runs(blocks: &[Block]) -> Vec<bool> {
    let listy: Vec<bool> = blocks
        .iter()
        .map(|b| b.text.chars().count() < LENGTH_LOW && !ends_like_sentence(&b.text))
        .collect();
    let mut out = vec![false; blocks.len()];
    let mut start = 0;
    while start < listy.len() {
        if !listy[start] {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < listy.len() && listy[end] {
            end += 1;
        }
        if end - start >= LIST_RUN {
            out[start..end].iter_mut().for_each(|x| *x = true);
        }
        start = end;
    }
    out
}

/// The nearest class before `i`, skipping short blocks (and near-good ones
/// when `ignore_near_good`); the page's edge counts as bad, as in jusText.
fn prev_neighbour(j: &[Judged], i: usize, ignore_near_good: bool) -> Class {
    neighbour(j[..i].iter().rev(), ignore_near_good)
}

fn next_neighbour(j: &[Judged], i: usize, ignore_near_good: bool) -> Class {
    neighbour(j[i + 1..].iter(), ignore_near_good)
}

/// The first decisive class along `blocks`, looking past short blocks,
/// inserted furniture and (when asked) near-good blocks.
fn neighbour<'a>(blocks: impl Iterator<Item = &'a Judged>, ignore_near_good: bool) -> Class {
    blocks
        .filter(|b| !b.transparent)
        .map(|b| b.class)
        .find(|&c| c != Class::Short && !(ignore_near_good && c == Class::NearGood))
        .unwrap_or(Class::Bad)
}

/// jusText's revision of short blocks, from their non-short neighbours.
/// Neighbours are read from the initial classes, so the result does not
/// depend on the order of revision.
fn revise_short(j: &mut [Judged]) {
    let snapshot = j.to_vec();
    for (i, block) in j.iter_mut().enumerate() {
        if block.class != Class::Short {
            continue;
        }
        let prev = prev_neighbour(&snapshot, i, true);
        let next = next_neighbour(&snapshot, i, true);
        block.class = if prev == Class::Good && next == Class::Good {
            Class::Good
        } else if prev == Class::Bad && next == Class::Bad {
            Class::Bad
        } else if (prev == Class::Bad && prev_neighbour(&snapshot, i, false) == Class::NearGood)
            || (next == Class::Bad && next_neighbour(&snapshot, i, false) == Class::NearGood)
        {
            Class::Good
        } else {
            Class::Bad
        };
    }
}

/// Near-good blocks are kept unless both neighbours are bad.
fn revise_near_good(j: &mut [Judged]) {
    let snapshot = j.to_vec();
    for (i, block) in j.iter_mut().enumerate() {
        if block.class != Class::NearGood {
            continue;
        }
        let prev = prev_neighbour(&snapshot, i, true);
        let next = next_neighbour(&snapshot, i, true);
        block.class = if prev == Class::Bad && next == Class::Bad {
            Class::Bad
        } else {
            Class::Good
        };
    }
}

/// The span `[start, end)` of the main story: the maximum-weight run of
/// blocks that crosses no section-end header. `None` when nothing is good.
pub fn main_span(blocks: &[Block], judged: &[Judged]) -> Option<(usize, usize)> {
    let weight = |i: usize| -> i64 {
        let chars = blocks[i].text.chars().count() as i64;
        match judged[i].class {
            Class::Good => chars,
            _ => -chars.max(BAD_MIN_WEIGHT),
        }
    };
    let mut best: Option<(i64, usize, usize)> = None;
    let mut run_start = 0;
    let mut run_sum: i64 = 0;
    for (i, j) in judged.iter().enumerate().take(blocks.len()) {
        if j.section_end {
            run_sum = 0;
            run_start = i + 1;
            continue;
        }
        if run_sum <= 0 {
            run_sum = 0;
            run_start = i;
        }
        run_sum += weight(i);
        if j.class == Class::Good && best.is_none_or(|(s, _, _)| run_sum > s) {
            best = Some((run_sum, run_start, i + 1));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::split;
    use crate::import::lang::stopwords;

    fn classes(text: &str) -> Vec<(String, Class)> {
        let blocks = split(text);
        let j = classify(&blocks, stopwords("fr"));
        blocks
            .into_iter()
            .zip(j)
            .map(|(b, j)| (b.text, j.class))
            .collect()
    }

    const P1: &str = "La France et le Royaume-Uni, à l'initiative d'un plan d'action pour renforcer \
        la lutte antiterroriste sur internet, réclament une possibilité d'accès au contenu crypté \
        échangé par les terroristes, a détaillé mercredi le ministère de l'Intérieur.";
    const P2: &str = "Les jihadistes utilisent des logiciels de cryptage, notamment les messageries \
        du type Telegram ou Whatsapp, pour échapper à la surveillance des autorités, et le \
        procureur de Paris avait fait part des difficultés rencontrées par les enquêteurs.";

    #[test]
    fn long_prose_is_good_and_menus_are_bad() {
        let c = classes(&format!(
            "Accueil\nInternational\nÉconomie\nCulture\n\n{P1}\n\n{P2}"
        ));
        assert!(c[..4].iter().all(|(_, k)| *k == Class::Bad), "{c:?}");
        assert!(c[4..].iter().all(|(_, k)| *k == Class::Good), "{c:?}");
    }

    #[test]
    fn a_short_block_between_good_ones_is_kept() {
        let c = classes(&format!("{P1}\n\nUn forum en ligne\n\n{P2}"));
        assert_eq!(c[1].1, Class::Good);
    }

    #[test]
    fn a_button_between_good_ones_is_cut() {
        let c = classes(&format!("{P1}\n\nPartager\n\n{P2}"));
        assert_eq!(c[1].1, Class::Bad);
    }

    #[test]
    fn trailing_short_lines_are_cut() {
        let c = classes(&format!("{P1}\n\n{P2}\n\nVoir le profil\n\nContact"));
        assert_eq!(c[2].1, Class::Bad);
        assert_eq!(c[3].1, Class::Bad);
    }

    #[test]
    fn teasers_between_bad_blocks_are_cut() {
        let teaser = "Dans ce nouveau numéro du podcast, l'auteur d'un livre sur la Joconde \
                      répond aux questions de la rédaction sur sa carrière et ses projets...";
        let c = classes(&format!(
            "{P1}\n\n{P2}\n\nLES PODCASTS\n\nVendre la Joconde\n\nVendre la Joconde\n\n{teaser}\n\nÉcouter cet épisode"
        ));
        assert!(c[2..].iter().all(|(_, k)| *k == Class::Bad), "{c:?}");
    }

    #[test]
    fn truncated_teasers_are_recognised() {
        assert!(is_truncated_teaser("répond aux questions..."));
        assert!(is_truncated_teaser("développer son propre vaccin…"));
        assert!(!is_truncated_teaser("sur une nouvelle génération (...)"));
    }

    #[test]
    fn capital_labels() {
        assert!(is_capital_label("LES ÉVÉNEMENTS L’USINE NOUVELLE"));
        assert!(!is_capital_label(
            "Le GCHQ britannique veut que Twitter coopère"
        ));
    }

    #[test]
    fn the_span_is_one_story_and_stops_at_comments() {
        let comment = "Je trouve que le gouvernement va beaucoup trop loin avec cette idée, \
                       nos libertés sont en jeu et personne ne semble s'en soucier vraiment.";
        let text = format!(
            "Menu\n\n{P1}\n\nPartager\n\n{P2}\n\nCommentaires (2)\n\n{comment}\n\n{comment} Oui."
        );
        let blocks = split(&text);
        let j = classify(&blocks, stopwords("fr"));
        assert_eq!(main_span(&blocks, &j), Some((1, 4)));
    }

    #[test]
    fn all_clutter_has_no_span() {
        let text = "Accueil\nPolitique\nSport\n\nSe connecter\n\nNewsletter\n\n© 2024 Exemple";
        let blocks = split(text);
        let j = classify(&blocks, stopwords("fr"));
        assert_eq!(main_span(&blocks, &j), None);
    }
}
