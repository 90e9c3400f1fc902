//! Dates as the dossier records them: a year, a month or a day, never more
//! precise than the source says.
//!
//! The precision is what is written: `2017` is a year, `2017-06` a month and
//! `2017-06-13` a day. Nothing is ever padded with a guessed day.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// How much of a date the source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date known to a [`Precision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{input}`: {reason} (write YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let fail = |reason: &str| DateError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let s = input.trim();
        let parts: Vec<&str> = s.split('-').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(fail("expected one to three parts separated by `-`"));
        }
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(parts[0], 4) {
            return Err(fail("the year must have four digits"));
        }
        let year: i32 = parts[0].parse().map_err(|_| fail("bad year"))?;
        let month = match parts.get(1) {
            None => None,
            Some(p) if digits(p, 2) => {
                let m: u8 = p.parse().map_err(|_| fail("bad month"))?;
                if !(1..=12).contains(&m) {
                    return Err(fail("the month must be between 01 and 12"));
                }
                Some(m)
            }
            Some(_) => return Err(fail("the month must have two digits")),
        };
        let day = match parts.get(2) {
            None => None,
            Some(p) if digits(p, 2) => {
                let d: u8 = p.parse().map_err(|_| fail("bad day"))?;
                let max = days_in_month(year, month.unwrap_or(1));
                if d == 0 || d > max {
                    return Err(fail(&format!("this month has days 01 to {max:02}")));
                }
                Some(d)
            }
            Some(_) => return Err(fail("the day must have two digits")),
        };
        Ok(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The ISO 8601 form at the recorded precision, for `<time datetime>`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// A full RFC 3339 timestamp for feeds and sitemaps, which need one.
    /// Missing parts take the first month or day: feeds cannot say "June".
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    /// French display: `13 juin 2017`, `1er juin 2017`, `juin 2017`, `2017`.
    pub fn french(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(1)) => format!("1er {} {}", MONTHS_FR[m as usize - 1], self.year),
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS_FR[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS_FR[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// English display: `13 June 2017`, `June 2017`, `2017`.
    pub fn english(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS_EN[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS_EN[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// Display in the page's language; French unless the language is English.
    pub fn display(&self, lang: &str) -> String {
        if lang.starts_with("en") {
            self.english()
        } else {
            self.french()
        }
    }

    /// Sort key: a less precise date sorts before the precise dates it contains.
    fn key(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// Accepts a string (`2017-06-13`) or a bare YAML integer (`2017`). A refused
/// date is a serde error, so serde_yaml reports the value's line and column.
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_what_is_written() {
        assert_eq!(
            PartialDate::parse("2017").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            PartialDate::parse("2017-06").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            PartialDate::parse("2017-06-13").unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn french_display_by_precision() {
        assert_eq!(
            PartialDate::parse("2017-06-13").unwrap().french(),
            "13 juin 2017"
        );
        assert_eq!(PartialDate::parse("2017-06").unwrap().french(), "juin 2017");
        assert_eq!(PartialDate::parse("2017").unwrap().french(), "2017");
        assert_eq!(
            PartialDate::parse("2016-03-01").unwrap().french(),
            "1er mars 2016"
        );
        assert_eq!(
            PartialDate::parse("2014-08-04").unwrap().french(),
            "4 août 2014"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2017-13-01",
            "juin 2017",
            "2017-02-29",
            "17-06-13",
            "2017-6-1",
            "",
            "2017-06-13-01",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(PartialDate::parse("2016-02-29").is_ok());
    }

    #[test]
    fn orders_less_precise_first() {
        let y = PartialDate::parse("2017").unwrap();
        let m = PartialDate::parse("2017-06").unwrap();
        let d = PartialDate::parse("2017-06-13").unwrap();
        assert!(y < m && m < d);
        assert_eq!(d.iso(), "2017-06-13");
        assert_eq!(m.rfc3339(), "2017-06-01T00:00:00Z");
    }

    #[test]
    fn deserializes_from_yaml_string_or_integer() {
        let d: PartialDate = serde_yaml::from_str("2014-11-04").unwrap();
        assert_eq!(d.iso(), "2014-11-04");
        let y: PartialDate = serde_yaml::from_str("1996").unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert!(serde_yaml::from_str::<PartialDate>("juin 2017").is_err());
    }
}
