//! Text → blocks, the unit the classifier judges.
//!
//! A page copied from a browser has one line per paragraph, menu item,
//! button or teaser, so each non-empty line is a block. Text saved from a
//! mail client or a terminal may be hard-wrapped at ~72 columns instead; such
//! a group of lines is joined back into one paragraph, but only when it
//! looks wrapped (long lines breaking mid-sentence), so that a list of short
//! headlines is never glued into one fake paragraph.

/// One paragraph or line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Trimmed, with runs of whitespace (tabs, no-break spaces) collapsed to
    /// one space and invisible characters removed.
    pub text: String,
    /// 1-based line of the input where the block starts.
    pub line: usize,
}

/// Splits `text` (LF line ends) into blocks.
pub fn split(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut group: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let clean = clean_line(raw);
        if clean.is_empty() {
            flush(&mut group, &mut blocks);
        } else {
            group.push((i + 1, clean));
        }
    }
    flush(&mut group, &mut blocks);
    blocks
}

fn flush(group: &mut Vec<(usize, String)>, blocks: &mut Vec<Block>) {
    if group.is_empty() {
        return;
    }
    if looks_hard_wrapped(group) {
        let line = group[0].0;
        let mut text = String::new();
        for (_, l) in group.drain(..) {
            join_wrapped(&mut text, &l);
        }
        blocks.push(Block { text, line });
    } else {
        blocks.extend(group.drain(..).map(|(line, text)| Block { text, line }));
    }
}

/// Appends a wrapped line, mending words hyphenated at the break
/// (`commu-` + `nication`) only when the next part starts in lowercase.
fn join_wrapped(text: &mut String, line: &str) {
    if text.is_empty() {
        text.push_str(line);
        return;
    }
    let mends = text.ends_with('-')
        && !text.ends_with(" -")
        && line.chars().next().is_some_and(char::is_lowercase);
    if mends {
        text.pop();
    } else {
        text.push(' ');
    }
    text.push_str(line);
}

/// Minimum length of the longest line of a wrapped group: wrapping happens
/// at 60 to 80 columns.
const WRAP_MIN_WIDTH: usize = 50;

/// A group of lines is a wrapped paragraph when its lines are long and of
/// even length, and most breaks fall mid-sentence.
fn looks_hard_wrapped(group: &[(usize, String)]) -> bool {
    if group.len() < 2 {
        return false;
    }
    let lens: Vec<usize> = group.iter().map(|(_, l)| l.chars().count()).collect();
    let width = lens.iter().copied().max().unwrap_or(0);
    if !(WRAP_MIN_WIDTH..=120).contains(&width) {
        return false;
    }
    let body = &lens[..lens.len() - 1];
    if body.iter().any(|&n| n * 10 < width * 6) {
        return false;
    }
    let breaks = group.len() - 1;
    let mid_sentence = group
        .windows(2)
        .filter(|w| {
            let next_lower = w[1].1.chars().next().is_some_and(char::is_lowercase);
            let open_end = w[0].1.ends_with([',', '-', ';']);
            next_lower || open_end
        })
        .count();
    mid_sentence * 2 >= breaks
}

/// Trims a line, collapses its whitespace and drops invisible characters
/// (zero-width spaces, stray byte-order marks, soft hyphens).
pub fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split(s).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn one_block_per_line_and_paragraph() {
        let b = split("Titre\n\nPremier  paragraphe.\nAccueil\n\u{a0}\n\nFin\t.");
        assert_eq!(
            b.iter()
                .map(|b| (b.text.as_str(), b.line))
                .collect::<Vec<_>>(),
            vec![
                ("Titre", 1),
                ("Premier paragraphe.", 3),
                ("Accueil", 4),
                ("Fin .", 7)
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "Les jihadistes utilisent des logiciels de cryptage, notamment\n\
                    les messageries du type Telegram ou Whatsapp, pour échapper à la\n\
                    surveillance des autorités, a dit le procureur dans un commu-\n\
                    niqué.";
        assert_eq!(
            texts(text),
            vec![
                "Les jihadistes utilisent des logiciels de cryptage, notamment les messageries \
                 du type Telegram ou Whatsapp, pour échapper à la surveillance des autorités, a \
                 dit le procureur dans un communiqué."
            ]
        );
    }

    #[test]
    fn lists_of_headlines_stay_apart() {
        let text = "Le gouvernement présente son plan contre le terrorisme en ligne\n\
                    Les messageries chiffrées dans le viseur des enquêteurs européens\n\
                    Comment la police accède aux données des réseaux sociaux";
        assert_eq!(texts(text).len(), 3);
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(clean_line("\u{feff} a\u{200b}b \u{a0} c "), "ab c");
    }
}
