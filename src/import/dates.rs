//! Dates written in a page's header: `Publié le 13 juin 2017 à 10h32`,
//! `Updated June 13, 2017`, `13/06/2017`, `2017-06-13`.
//!
//! Only what is written is recorded: `juin 2017` gives a month, never a day.
//! A date without a year (`LONDRES, 4 novembre (Reuters)`) gives nothing.

use std::sync::OnceLock;

use regex::Regex;

use crate::date::PartialDate;

/// A date found in a line, and whether the line says it is the
/// publication date.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    pub date: PartialDate,
    /// The line names it (`publié`, `published`, `posted`), rather than an
    /// update time or a bare date.
    pub published: bool,
    /// The line says it is an update (`mis à jour`, `updated`).
    pub updated: bool,
    /// Day and month order could not be told apart (`06/07/2017`).
    pub ambiguous: bool,
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janv", 1),
    ("févr", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
];

fn month(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == n).map(|&(_, v)| v)
}

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    // Longest first, so `juillet` wins over `juil`.
    names.sort_by_key(|m| std::cmp::Reverse(m.len()));
    names.join("|")
}

fn day_month_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({})\.?,?\s+(\d{{4}})\b",
            month_alternation()
        ))
        .expect("date regex")
    })
}

fn month_day_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\b({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
            month_alternation()
        ))
        .expect("date regex")
    })
}

fn month_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\b({})\.?\s+(\d{{4}})\b",
            month_alternation()
        ))
        .expect("date regex")
    })
}

fn numeric_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:\D|$)|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
            .expect("date regex")
    })
}

fn cue_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(publié|publiée|published|posted|mis en ligne|date de publication)\b")
            .expect("date cue regex")
    })
}

fn update_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(mis à jour|mise à jour|modifié|actualisé|updated|last modified)\b")
            .expect("date cue regex")
    })
}

fn make(y: &str, m: u32, d: Option<&str>) -> Option<PartialDate> {
    let y: i32 = y.parse().ok()?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    let s = match d {
        Some(d) => format!("{y:04}-{m:02}-{:02}", d.parse::<u32>().ok()?),
        None => format!("{y:04}-{m:02}"),
    };
    PartialDate::parse(&s).ok()
}

/// The first date written in `line`, at the precision it is written.
pub fn find_date(line: &str) -> Option<FoundDate> {
    let published = cue_re().is_match(line);
    let updated = update_re().is_match(line);
    let found = |date, ambiguous| FoundDate {
        date,
        published,
        updated,
        ambiguous,
    };
    // Candidates with their position; the earliest one in the line wins, as
    // "Publié le …, mis à jour le …" puts the publication first.
    let mut candidates: Vec<(usize, FoundDate)> = Vec::new();
    let mut consider = |pos: usize, f: Option<FoundDate>| {
        if let Some(f) = f {
            candidates.push((pos, f));
        }
    };
    if let Some(c) = day_month_year_re().captures(line) {
        let d = month(&c[2]).and_then(|m| make(&c[3], m, Some(&c[1])));
        consider(
            c.get(0).map_or(0, |m| m.start()),
            d.map(|d| found(d, false)),
        );
    }
    if let Some(c) = month_day_year_re().captures(line) {
        let d = month(&c[1]).and_then(|m| make(&c[3], m, Some(&c[2])));
        consider(
            c.get(0).map_or(0, |m| m.start()),
            d.map(|d| found(d, false)),
        );
    }
    if let Some(c) = numeric_re().captures(line) {
        let pos = c.get(0).map_or(0, |m| m.start());
        if let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3)) {
            let date = m
                .as_str()
                .parse()
                .ok()
                .and_then(|m| make(y.as_str(), m, Some(d.as_str())));
            consider(pos, date.map(|d| found(d, false)));
        } else if let (Some(a), Some(b), Some(y)) = (c.get(4), c.get(5), c.get(6)) {
            let (a, b): (u32, u32) = (a.as_str().parse().ok()?, b.as_str().parse().ok()?);
            // Day first, as in French and British pages, unless impossible.
            let (day, mon, ambiguous) = if a > 12 || b > 12 {
                if b > 12 { (b, a, false) } else { (a, b, false) }
            } else {
                (a, b, a != b)
            };
            let date = make(y.as_str(), mon, Some(&day.to_string()));
            consider(pos, date.map(|d| found(d, ambiguous)));
        }
    }
    if let Some(c) = month_year_re().captures(line) {
        let d = month(&c[1]).and_then(|m| make(&c[2], m, None));
        // A month alone counts only when no full date is written.
        consider(usize::MAX, d.map(|d| found(d, false)));
    }
    candidates
        .into_iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<String> {
        find_date(line).map(|f| f.date.iso())
    }

    #[test]
    fn french_dates() {
        assert_eq!(
            iso("Publié le mercredi 14 juin 2017 à 10h32").as_deref(),
            Some("2017-06-14")
        );
        assert_eq!(iso("1er août 2014").as_deref(), Some("2014-08-01"));
        assert_eq!(iso("Le 4 nov. 2014").as_deref(), Some("2014-11-04"));
        assert_eq!(iso("juin 2017").as_deref(), Some("2017-06"));
        assert!(find_date("Publié le 14 juin").is_none());
        assert!(find_date("Publié le 14 juin 2017").unwrap().published);
    }

    #[test]
    fn english_dates() {
        assert_eq!(
            iso("Updated: November 4, 2014 10:32 GMT").as_deref(),
            Some("2014-11-04")
        );
        assert_eq!(iso("4 November 2014").as_deref(), Some("2014-11-04"));
        assert!(find_date("Updated 4 Nov 2014").unwrap().updated);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(iso("2017-06-13T10:00").as_deref(), Some("2017-06-13"));
        assert_eq!(iso("13/06/2017 10:32").as_deref(), Some("2017-06-13"));
        assert_eq!(iso("06/13/2017").as_deref(), Some("2017-06-13"));
        assert!(find_date("06/07/2017").unwrap().ambiguous);
        assert!(find_date("31/02/2017").is_none());
    }

    #[test]
    fn the_first_date_of_a_line_wins() {
        assert_eq!(
            iso("Publié le 13 juin 2017, mis à jour le 14 juin 2017").as_deref(),
            Some("2017-06-13")
        );
    }
}
