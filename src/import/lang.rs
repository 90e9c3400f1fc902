//! Stopwords and language detection.
//!
//! Running prose is full of function words (le, de, que; the, of, that);
//! menus, buttons and teaser titles are not. jusText's main signal is this
//! share of stopwords, measured with the article's own language's list, so
//! the importer first guesses the language from the same lists. The lists
//! are NLTK's (through the `stop-words` crate), which also covers the other
//! Latin-script languages a page may be in: those degrade gracefully
//! instead of being read as all clutter.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Languages the detector chooses from: ISO 639-1 codes with an NLTK list
/// in a Latin script.
const CANDIDATES: &[&str] = &[
    "fr", "en", "es", "de", "it", "pt", "nl", "ca", "da", "sv", "no", "fi", "ro", "hu", "sl", "sq",
    "eu", "id", "tr", "az",
];

/// Very frequent French and English function words missing from the NLTK
/// lists (NLTK's French list has no `a`, `cette`, `plus`, …), so that
/// densities reflect real prose.
const FRENCH_EXTRA: &[&str] = &[
    "a", "cette", "cet", "plus", "si", "comme", "leurs", "tout", "tous", "toute", "toutes", "très",
    "aussi", "alors", "donc", "ainsi", "sans", "sous", "entre", "après", "avant", "depuis", "lors",
    "dont", "où", "car", "ni", "non", "peu", "bien", "encore", "déjà", "y", "celle", "celui",
    "ceux", "ceci", "cela", "ça", "quand", "contre", "vers", "chez", "selon", "fait", "faire",
    "peut", "doit", "aux", "au",
];
const ENGLISH_EXTRA: &[&str] = &[
    "would", "could", "also", "said", "says", "may", "might", "must",
];

/// A stopword list, lowercased.
pub struct Stopwords {
    pub lang: &'static str,
    words: HashSet<&'static str>,
}

impl Stopwords {
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

fn all_lists() -> &'static [Stopwords] {
    static LISTS: OnceLock<Vec<Stopwords>> = OnceLock::new();
    LISTS.get_or_init(|| {
        CANDIDATES
            .iter()
            .filter_map(|&lang| {
                let base = stop_words::lookup(lang)?;
                let extra: &[&'static str] = match lang {
                    "fr" => FRENCH_EXTRA,
                    "en" => ENGLISH_EXTRA,
                    _ => &[],
                };
                let words = base.iter().chain(extra).copied().collect();
                Some(Stopwords { lang, words })
            })
            .collect()
    })
}

/// The list for `lang`, falling back to French (the site's language).
pub fn stopwords(lang: &str) -> &'static Stopwords {
    let lists = all_lists();
    lists
        .iter()
        .find(|s| s.lang == lang)
        .unwrap_or_else(|| lists.iter().find(|s| s.lang == "fr").expect("fr list"))
}

/// Lowercased words of `text`: runs of letters, split at apostrophes so that
/// French elisions (`l’accès`) count their article.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Share of `text`'s words that are in `list`, and the word count.
pub fn stopword_density(text: &str, list: &Stopwords) -> (f64, usize) {
    let mut total = 0usize;
    let mut hits = 0usize;
    for w in words(text) {
        total += 1;
        if list.contains(&w) {
            hits += 1;
        }
    }
    (hits as f64 / total.max(1) as f64, total)
}

/// The language guess and how sure it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    pub lang: &'static str,
    /// Share of words that are stopwords of the chosen language.
    pub density: f64,
    /// Whether the choice is clear: enough words, a clear lead over the
    /// second language, and a density typical of prose.
    pub confident: bool,
}

/// Words sampled for detection: plenty for a stable guess, and bounded so a
/// 10 MB file costs no more than a page.
const SAMPLE_WORDS: usize = 20_000;

/// Guesses the language of `text` by the stopword list that covers most of
/// its words.
pub fn detect(text: &str) -> Detected {
    let lists = all_lists();
    let mut hits = vec![0usize; lists.len()];
    let mut total = 0usize;
    for w in words(text).take(SAMPLE_WORDS) {
        total += 1;
        for (i, list) in lists.iter().enumerate() {
            if list.contains(&w) {
                hits[i] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..lists.len()).collect();
    // Highest share first; ties go to the earlier candidate (fr, then en).
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]).then(a.cmp(&b)));
    let best = order[0];
    let second = order.get(1).map_or(0, |&i| hits[i]);
    let density = hits[best] as f64 / total.max(1) as f64;
    Detected {
        lang: lists[best].lang,
        density,
        confident: total >= 30 && density >= 0.2 && hits[best] as f64 >= 1.3 * second as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_french_and_english() {
        let fr = "La France et le Royaume-Uni réclament une possibilité d'accès au contenu \
                  crypté échangé par les terroristes, a détaillé mercredi le ministère de \
                  l'Intérieur dans un communiqué publié sur son site. Il n'est pas question \
                  ici de portes dérobées mais de solutions conjointes avec les entreprises.";
        let d = detect(fr);
        assert_eq!(d.lang, "fr");
        assert!(d.confident, "{d:?}");
        let en = "The head of Britain's GCHQ eavesdropping agency said that the web had \
                  become the command and control network of choice for terrorists, and that \
                  technology companies were in denial about the way their services were used \
                  by militants to recruit and to plan their attacks on the West.";
        let d = detect(en);
        assert_eq!(d.lang, "en");
        assert!(d.confident, "{d:?}");
    }

    #[test]
    fn other_latin_languages_are_recognised() {
        let es = "El Gobierno de España ha pedido a las empresas de tecnología que den acceso \
                  a los mensajes cifrados de los terroristas, según ha explicado el ministro \
                  del Interior en una rueda de prensa celebrada este miércoles en Madrid con \
                  los responsables de la policía y de la guardia civil.";
        assert_eq!(detect(es).lang, "es");
    }

    #[test]
    fn menus_have_few_stopwords() {
        let fr = stopwords("fr");
        let (menu, _) = stopword_density("Accueil Politique International Économie Culture", fr);
        let (prose, _) = stopword_density(
            "Les jihadistes utilisent des logiciels de cryptage pour échapper à la surveillance des autorités.",
            fr,
        );
        assert!(menu < 0.1 && prose > 0.3, "{menu} {prose}");
    }

    #[test]
    fn elisions_count_their_article() {
        let fr = stopwords("fr");
        let (d, n) = stopword_density("l’accès d'urgence", fr);
        assert_eq!(n, 4);
        assert!((d - 0.5).abs() < 1e-9);
    }
}
