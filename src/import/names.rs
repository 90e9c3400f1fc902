//! People's names and title case, for bylines, signatures and datelines.

use std::sync::OnceLock;

use regex::Regex;

/// A person's name: two to four capitalised words, with the particles of
/// French and Dutch names (`de`, `du`, `van`, `le`…) and hyphenated first
/// names (`Henri-Pierre`).
fn name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let word = r"\p{Lu}[\p{Ll}\p{Lu}’'.]*(?:-\p{Lu}[\p{Ll}\p{Lu}’'.]*)*";
        let particle =
            r"(?:de|du|des|de la|d’|d'|van|von|der|den|le|la|da|di|dos|ben|bin|al|el|mac|st\.)";
        Regex::new(&format!(r"^{word}(?:\s+(?:{particle}\s+)?{word}){{1,3}}$")).expect("name regex")
    })
}

/// Whether `s` reads as a person's name.
pub fn is_person_name(s: &str) -> bool {
    let s = s.trim();
    s.chars().count() <= 60 && name_re().is_match(s) && !is_agency(s)
}

/// Well-known news agencies: names found where an author's would be
/// (`(avec AFP)`, `Par Jean Dupont et Reuters`).
pub fn is_agency(s: &str) -> bool {
    agency_name(s).is_some()
}

/// The agency's usual spelling, if `s` is one.
pub fn agency_name(s: &str) -> Option<&'static str> {
    const AGENCIES: &[&str] = &[
        "AFP",
        "Reuters",
        "AP",
        "Associated Press",
        "Agence France-Presse",
        "Bloomberg",
        "dpa",
        "ANSA",
        "EFE",
        "Belga",
        "ATS",
        "Xinhua",
        "Kyodo",
        "PA",
        "Press Association",
        "Europa Press",
    ];
    let t = s.trim().trim_matches(|c: char| !c.is_alphanumeric());
    AGENCIES.iter().find(|a| a.eq_ignore_ascii_case(t)).copied()
}

/// Splits a list of names written as prose: `A, B et C`, `A and B`, `A & B`.
pub fn split_name_list(s: &str) -> Vec<String> {
    let mut parts = vec![s.to_string()];
    for sep in [",", " et ", " and ", " & ", " avec ", " with "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().trim_end_matches(['.', ')']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Title case for words printed in capitals: `LONDRES` → `Londres`,
/// `L’USINE NOUVELLE` → `L’Usine Nouvelle`, `SAINT-DENIS` → `Saint-Denis`.
/// Words that already mix cases are kept as they are.
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start_of_word = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start_of_word {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start_of_word = false;
        } else {
            out.push(if c == '\'' { '’' } else { c });
            start_of_word = true;
        }
    }
    out
}

/// Whether `s` is written in capitals (at least two letters, no lowercase).
pub fn is_all_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !s.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "Guy Faulconbridge",
            "Henri-Pierre André",
            "Charles de Gaulle",
            "Jean-Luc Le Pen",
            "Alison Williams",
        ] {
            assert!(is_person_name(n), "{n}");
        }
        for n in [
            "Reuters",
            "le service français",
            "Guy",
            "AFP",
            "Les podcasts",
        ] {
            assert!(!is_person_name(n), "{n}");
        }
    }

    #[test]
    fn name_lists() {
        assert_eq!(
            split_name_list("Jean Dupont, Marie Curie et Paul Durand"),
            vec!["Jean Dupont", "Marie Curie", "Paul Durand"]
        );
        assert_eq!(split_name_list("A B and C D"), vec!["A B", "C D"]);
    }

    #[test]
    fn agencies() {
        assert_eq!(agency_name("Reuters"), Some("Reuters"));
        assert_eq!(agency_name("afp"), Some("AFP"));
        assert_eq!(agency_name("Le Monde"), None);
    }

    #[test]
    fn titles_in_capitals() {
        assert_eq!(title_case("LONDRES"), "Londres");
        assert_eq!(title_case("L’USINE NOUVELLE"), "L’Usine Nouvelle");
        assert_eq!(title_case("SAINT-DENIS"), "Saint-Denis");
        assert!(is_all_caps("L’USINE NOUVELLE"));
        assert!(!is_all_caps("Londres"));
    }
}
