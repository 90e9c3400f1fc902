//! The common case of [`super::rewrite`] without lol_html's machinery.
//!
//! Relinking ran lol_html over every article body two or three times per
//! build (embed view, print view, heading demotion), and lol_html spends
//! most of that time lexing tags into tokens and running its selector
//! machine, whatever the tag. The HTML dossier renders is a small, regular
//! subset of HTML: tags with quoted attributes, text, a doctype, the odd
//! comment. This module scans exactly that subset with `memchr`, applies
//! the same [`Rules`] through the same closures, and writes what lol_html
//! would write, byte for byte: an untouched tag is copied as it is; a
//! touched tag is written the way lol_html serializes a modified start tag
//! (`<name`, each attribute after one space, raw unless changed, changed
//! values in double quotes with only `"` escaped, added attributes last,
//! then ` />` or `>`).
//!
//! Whatever falls outside the subset makes [`rewrite`] give up with
//! [`Unsupported`] before anything is decided, and the caller hands the
//! whole input to lol_html: foreign content (`<svg>`, `<math>`), what
//! makes lol_html's parser ambiguous (`<frameset>`, `<template>`, a
//! raw-text element in a `<select>`), `<plaintext>`, raw-text elements
//! (`<script>`, `<style>`, `<title>`…) whose text holds a `<`, `<?…>`,
//! bogus comments and CDATA, comments with the
//! rare `<!-` / `--!` forms, unusual attribute or tag name characters,
//! unquoted values or spaces around `=` in a tag that must be rewritten,
//! a link to unwrap, and heading end tags that do not close their heading
//! plainly. The debug build checks every fast result against lol_html.

use memchr::{memchr, memmem};

use super::{LinkAction, Rules};

/// The input holds something this scanner does not reproduce exactly; the
/// caller rewrites it with lol_html instead.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unsupported;

type Scan<T> = Result<T, Unsupported>;

/// What lol_html does with an element, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    /// Never pushed on lol_html's stack of open elements.
    Void,
    /// Its content is text up to its end tag.
    RawText,
    /// Raw text too, and allowed in a `<select>`.
    Script,
    /// In a `<select>`, lol_html refuses raw-text elements but `<script>`.
    Select,
    /// `<h1>`…`<h6>`, with its level.
    Heading(u8),
    /// Changes how lol_html tokenizes what follows (foreign content, text
    /// to the end, templates in selects, framesets): left to it.
    Unsupported,
}

fn kind(name: &str) -> Kind {
    let name = name.as_bytes();
    let mut lower = [0u8; 9];
    if name.len() > lower.len() {
        return Kind::Other;
    }
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"hr"
        | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param" | b"source" | b"track"
        | b"wbr" => Kind::Void,
        b"textarea" | b"title" | b"style" | b"iframe" | b"xmp" | b"noembed" | b"noframes"
        | b"noscript" => Kind::RawText,
        b"script" => Kind::Script,
        b"select" => Kind::Select,
        [b'h', d @ b'1'..=b'6'] => Kind::Heading(d - b'0'),
        b"svg" | b"math" | b"plaintext" | b"frameset" | b"template" => Kind::Unsupported,
        _ => Kind::Other,
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C')
}

fn is_tag_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

fn is_attr_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'@')
}

/// Bytes that an unquoted attribute value may hold in the subset.
fn is_unquoted_value_byte(b: u8) -> bool {
    !is_space(b) && !matches!(b, b'"' | b'\'' | b'<' | b'=' | b'`' | b'>')
}

/// An attribute of the start tag being scanned, as offsets into the input.
#[derive(Debug, Clone, Copy)]
struct Attr {
    name: (usize, usize),
    /// The value without its quotes; `None` for `<a hidden>`.
    value: Option<(usize, usize)>,
    /// End of the attribute's text, closing quote included.
    raw_end: usize,
    /// `name`, `name="v"` or `name='v'`: the forms whose raw text is known
    /// to be what lol_html writes back for an unchanged attribute.
    plain: bool,
}

/// A start tag, scanned.
#[derive(Debug, Default)]
struct StartTag {
    name: (usize, usize),
    attrs: Vec<Attr>,
    self_closing: bool,
    /// Just after the `>`.
    end: usize,
}

/// What the rules change in one start tag.
#[derive(Debug, Default)]
struct Edits {
    /// New value per attribute of the tag, same order.
    values: Vec<Option<String>>,
    /// Attributes added, in the order they were set.
    added: Vec<(&'static str, String)>,
    /// The new heading level, when headings are demoted.
    level: Option<u8>,
}

impl Edits {
    fn reset(&mut self, attrs: usize) {
        self.values.clear();
        self.values.resize(attrs, None);
        self.added.clear();
        self.level = None;
    }

    fn any(&self) -> bool {
        self.level.is_some() || !self.added.is_empty() || self.values.iter().any(Option::is_some)
    }
}

/// An element on lol_html's stack of open elements, as far as renamed
/// headings need it.
#[derive(Debug, Clone, Copy)]
struct Open {
    name: (usize, usize),
    /// The level its end tag takes, for a demoted heading.
    level: Option<u8>,
}

/// Rewrites `html` by `rules` into `out`, or gives up. On `Err`, `out` may
/// hold part of the result: the caller discards it.
pub(super) fn rewrite(html: &str, rules: &Rules, out: &mut String) -> Scan<()> {
    Scanner {
        html,
        bytes: html.as_bytes(),
        rules,
        out,
        copied: 0,
        tag: StartTag::default(),
        edits: Edits::default(),
        open: Vec::new(),
        in_select: false,
    }
    .run()
}

struct Scanner<'a, 'o> {
    html: &'a str,
    bytes: &'a [u8],
    rules: &'a Rules<'a>,
    out: &'o mut String,
    /// How much of the input is already in `out`.
    copied: usize,
    /// The start tag being handled (kept to reuse its buffer).
    tag: StartTag,
    edits: Edits,
    /// Open elements, tracked only when headings are demoted.
    open: Vec<Open>,
    /// Inside a `<select>`, as lol_html's parser sees it.
    in_select: bool,
}

impl<'a> Scanner<'a, '_> {
    fn run(mut self) -> Scan<()> {
        let b = self.bytes;
        let mut pos = 0;
        while let Some(found) = memchr(b'<', &b[pos..]) {
            let lt = pos + found;
            pos = match b.get(lt + 1) {
                Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt)?,
                Some(b'/') => self.end_tag(lt)?,
                Some(b'!') => self.markup_declaration(lt)?,
                Some(b'?') => return Err(Unsupported),
                // `a < b`: text.
                _ => lt + 1,
            };
        }
        self.out.push_str(&self.html[self.copied..]);
        Ok(())
    }

    fn text(&self, (start, end): (usize, usize)) -> &'a str {
        &self.html[start..end]
    }

    /// Scans the start tag at `lt`, applies the rules, and returns where
    /// scanning goes on.
    fn start_tag(&mut self, lt: usize) -> Scan<usize> {
        let mut tag = std::mem::take(&mut self.tag);
        let scanned = scan_start_tag(self.bytes, lt, &mut tag);
        let next = scanned.and_then(|()| self.handle_start_tag(lt, &tag));
        self.tag = tag;
        next
    }

    fn handle_start_tag(&mut self, lt: usize, tag: &StartTag) -> Scan<usize> {
        let kind = kind(self.text(tag.name));
        self.track_select(kind)?;
        let mut edits = std::mem::take(&mut self.edits);
        edits.reset(tag.attrs.len());
        let applied = apply_rules(self.html, tag, kind, self.rules, &mut edits);
        if applied.is_ok() && edits.any() {
            if tag.attrs.iter().any(|a| !a.plain) {
                self.edits = edits;
                return Err(Unsupported);
            }
            self.out.push_str(&self.html[self.copied..lt]);
            write_start_tag(self.html, tag, &edits, self.out);
            self.copied = tag.end;
        }
        let level = edits.level;
        self.edits = edits;
        applied?;
        if self.rules.demote > 0 && kind != Kind::Void {
            self.open.push(Open {
                name: tag.name,
                level,
            });
        }
        if matches!(kind, Kind::RawText | Kind::Script) {
            return raw_text_end(self.bytes, tag.end, self.text(tag.name));
        }
        Ok(tag.end)
    }

    /// lol_html's parser refuses a raw-text element other than `<script>`
    /// in a `<select>` (it cannot tell whether the select has ended); it
    /// then leaves the whole input as it is. Such input goes to it.
    fn track_select(&mut self, kind: Kind) -> Scan<()> {
        match kind {
            Kind::Unsupported => Err(Unsupported),
            Kind::Select => {
                self.in_select = !self.in_select;
                Ok(())
            }
            Kind::RawText if self.in_select => Err(Unsupported),
            _ => Ok(()),
        }
    }

    /// `</name>`; renames the end tag of a demoted heading the way
    /// lol_html does: the end tag that pops the heading off the stack of
    /// open elements takes its new name.
    fn end_tag(&mut self, lt: usize) -> Scan<usize> {
        let b = self.bytes;
        let start = lt + 2;
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return Err(Unsupported);
        }
        let mut i = start;
        while i < b.len() && is_tag_name_byte(b[i]) {
            i += 1;
        }
        let name = (start, i);
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'>') {
            return Err(Unsupported);
        }
        let end = i + 1;
        let name_text = self.text(name);
        match kind(name_text) {
            Kind::Unsupported => return Err(Unsupported),
            Kind::Select => self.in_select = false,
            _ => {}
        }
        if self.rules.demote == 0 {
            return Ok(end);
        }
        let Some(at) = self
            .open
            .iter()
            .rposition(|o| self.text(o.name).eq_ignore_ascii_case(name_text))
        else {
            return Ok(end);
        };
        let mut renamed = self.open.drain(at..).filter_map(|o| o.level);
        match (renamed.next(), renamed.next()) {
            (None, _) => Ok(end),
            (Some(level), None) => {
                self.out.push_str(&self.html[self.copied..lt]);
                self.out.push_str("</h");
                self.out.push(char::from(b'0' + level));
                self.out.push('>');
                self.copied = end;
                Ok(end)
            }
            // Two renamed headings closed by one end tag.
            (Some(_), Some(_)) => Err(Unsupported),
        }
    }

    /// `<!DOCTYPE …>` and `<!-- … -->`; anything else after `<!` goes to
    /// lol_html.
    fn markup_declaration(&mut self, lt: usize) -> Scan<usize> {
        let b = self.bytes;
        let rest = &b[lt + 2..];
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            // Every doctype state ends the token at the first `>`.
            let gt = memchr(b'>', rest).ok_or(Unsupported)?;
            return Ok(lt + 2 + gt + 1);
        }
        if !rest.starts_with(b"--") {
            return Err(Unsupported);
        }
        let body = &rest[2..];
        if body.starts_with(b">") || body.starts_with(b"->") {
            return Err(Unsupported);
        }
        let close = memmem::find(body, b"-->").ok_or(Unsupported)?;
        let inside = &body[..close];
        // `--!>` also ends a comment, and `<!-` starts lol_html's nested
        // comment states: rare enough to leave to it.
        if memmem::find(inside, b"--!").is_some() || memmem::find(inside, b"<!-").is_some() {
            return Err(Unsupported);
        }
        Ok(lt + 4 + close + 3)
    }
}

/// Scans the start tag at `lt` (`<` then an ASCII letter) into `tag`.
fn scan_start_tag(b: &[u8], lt: usize, tag: &mut StartTag) -> Scan<()> {
    tag.attrs.clear();
    tag.self_closing = false;
    let mut i = lt + 1;
    while i < b.len() && is_tag_name_byte(b[i]) {
        i += 1;
    }
    tag.name = (lt + 1, i);
    // After the name, and after each quoted value: a space, `/>` or `>`.
    let mut separated = false;
    loop {
        let before = i;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i > before {
            separated = true;
        }
        match b.get(i) {
            Some(b'>') => {
                tag.end = i + 1;
                return Ok(());
            }
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                tag.self_closing = true;
                tag.end = i + 2;
                return Ok(());
            }
            Some(&c) if separated && is_attr_name_byte(c) => {
                let attr = scan_attribute(b, i)?;
                i = attr.raw_end;
                // A valueless attribute already ended at a space or `>`.
                separated = false;
                tag.attrs.push(attr);
            }
            _ => return Err(Unsupported),
        }
    }
}

/// Scans the attribute whose name starts at `start`.
fn scan_attribute(b: &[u8], start: usize) -> Scan<Attr> {
    let mut i = start;
    while i < b.len() && is_attr_name_byte(b[i]) {
        i += 1;
    }
    let name = (start, i);
    let mut j = i;
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        // Valueless: what follows must be a space, `/>` or `>`, which the
        // tag loop checks (a space was skipped, or the byte is not a name
        // byte since the name stopped there).
        if j == i && !matches!(b.get(i), Some(b'>' | b'/')) {
            return Err(Unsupported);
        }
        return Ok(Attr {
            name,
            value: None,
            raw_end: i,
            plain: true,
        });
    }
    let spaced_before = j > i;
    let mut k = j + 1;
    while k < b.len() && is_space(b[k]) {
        k += 1;
    }
    let spaced_after = k > j + 1;
    let plain = !spaced_before && !spaced_after;
    match b.get(k) {
        Some(&q @ (b'"' | b'\'')) => {
            let close = k + 1 + memchr(q, &b[k + 1..]).ok_or(Unsupported)?;
            // The next attribute needs a space before it.
            if !matches!(b.get(close + 1), Some(&c) if is_space(c) || c == b'>' || c == b'/') {
                return Err(Unsupported);
            }
            Ok(Attr {
                name,
                value: Some((k + 1, close)),
                raw_end: close + 1,
                plain,
            })
        }
        Some(&c) if is_unquoted_value_byte(c) => {
            let mut e = k;
            while e < b.len() && is_unquoted_value_byte(b[e]) {
                e += 1;
            }
            if !matches!(b.get(e), Some(&c) if is_space(c) || c == b'>') {
                return Err(Unsupported);
            }
            Ok(Attr {
                name,
                value: Some((k, e)),
                raw_end: e,
                plain: false,
            })
        }
        _ => Err(Unsupported),
    }
}

/// Where the raw text of the element `name` ends: its content must have no
/// `<` but the one of `</name>`.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> Scan<usize> {
    let lt = from + memchr(b'<', &b[from..]).ok_or(Unsupported)?;
    let after = lt + 2 + name.len();
    let closes = b.get(lt + 1) == Some(&b'/')
        && b.get(lt + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        && matches!(b.get(after), Some(&c) if c == b'>' || is_space(c));
    if closes { Ok(lt) } else { Err(Unsupported) }
}

/// The handlers of [`super::with_lol_html`], in its order, on one tag.
fn apply_rules(
    html: &str,
    tag: &StartTag,
    kind: Kind,
    rules: &Rules,
    edits: &mut Edits,
) -> Scan<()> {
    let el = Element { html, tag };
    let name = el.name();
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    // `a[href], area[href]`
    if (is("a") || is("area")) && el.has("href") {
        let href = el.get(edits, "href").unwrap_or_default();
        match (rules.href)(href) {
            LinkAction::Keep => {}
            LinkAction::Set(v) => el.set(edits, "href", v),
            LinkAction::Unwrap => return Err(Unsupported),
        }
        let leaves_page = !el.get(edits, "href").unwrap_or_default().starts_with('#');
        if rules.new_tab && leaves_page {
            el.set(edits, "target", "_blank".into());
            el.set(edits, "rel", "noopener".into());
        }
    }
    // `[src], link[href]`
    if el.has("src") || (is("link") && el.has("href")) {
        let attr = if is("link") { "href" } else { "src" };
        if let Some(v) = el.get(edits, attr).and_then(|v| (rules.src)(v)) {
            el.set(edits, attr, v);
        }
    }
    // `[id], [aria-labelledby], [aria-describedby], label[for]`
    if el.has("id")
        || el.has("aria-labelledby")
        || el.has("aria-describedby")
        || (is("label") && el.has("for"))
    {
        if let Some(p) = rules.id_prefix {
            for attr in super::ID_ATTRIBUTES {
                if let Some(v) = el.get(edits, attr) {
                    let prefixed = super::prefix_ids(v, p);
                    el.set(edits, attr, prefixed);
                }
            }
        }
    }
    if let (Kind::Heading(level), 1..) = (kind, rules.demote) {
        edits.level = Some((level + rules.demote).min(6));
    }
    Ok(())
}

/// lol_html's view of a start tag's attributes: names match whatever
/// their case, the first of two equal names wins.
struct Element<'a> {
    html: &'a str,
    tag: &'a StartTag,
}

impl<'a> Element<'a> {
    fn name(&self) -> &'a str {
        &self.html[self.tag.name.0..self.tag.name.1]
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.tag
            .attrs
            .iter()
            .position(|a| self.html[a.name.0..a.name.1].eq_ignore_ascii_case(name))
    }

    fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The attribute's current value, changes included.
    fn get<'e>(&self, edits: &'e Edits, name: &str) -> Option<&'e str>
    where
        'a: 'e,
    {
        if let Some(i) = self.find(name) {
            return Some(match &edits.values[i] {
                Some(v) => v.as_str(),
                None => self.tag.attrs[i]
                    .value
                    .map_or("", |(s, e)| &self.html[s..e]),
            });
        }
        edits
            .added
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn set(&self, edits: &mut Edits, name: &'static str, value: String) {
        if let Some(i) = self.find(name) {
            edits.values[i] = Some(value);
        } else if let Some(added) = edits.added.iter_mut().find(|(n, _)| *n == name) {
            added.1 = value;
        } else {
            edits.added.push((name, value));
        }
    }
}

/// A changed start tag, as lol_html serializes it.
fn write_start_tag(html: &str, tag: &StartTag, edits: &Edits, out: &mut String) {
    out.push('<');
    match edits.level {
        Some(level) => {
            out.push('h');
            out.push(char::from(b'0' + level));
        }
        None => out.push_str(&html[tag.name.0..tag.name.1]),
    }
    for (attr, value) in tag.attrs.iter().zip(&edits.values) {
        out.push(' ');
        match value {
            Some(v) => write_attribute(&html[attr.name.0..attr.name.1], v, out),
            None => out.push_str(&html[attr.name.0..attr.raw_end]),
        }
    }
    for (name, value) in &edits.added {
        out.push(' ');
        write_attribute(name, value, out);
    }
    if tag.self_closing {
        if !tag.attrs.is_empty() || !edits.added.is_empty() {
            out.push(' ');
        }
        out.push_str("/>");
    } else {
        out.push('>');
    }
}

fn write_attribute(name: &str, value: &str, out: &mut String) {
    out.push_str(name);
    out.push_str("=\"");
    let mut rest = value;
    while let Some(q) = memchr(b'"', rest.as_bytes()) {
        out.push_str(&rest[..q]);
        out.push_str("&quot;");
        rest = &rest[q + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::{LinkAction, Rules, rewrite as relink, with_lol_html};
    use super::*;

    fn embed_href(h: &str) -> LinkAction {
        if h.starts_with('#') || h.contains(':') {
            LinkAction::Keep
        } else {
            LinkAction::Set(format!("../{h}"))
        }
    }

    fn print_href(h: &str) -> LinkAction {
        match h.strip_prefix('#') {
            Some(f) => LinkAction::Set(format!("#p-{f}")),
            None if h.contains('"') => LinkAction::Set(format!("#q\"{h}")),
            None => LinkAction::Set("#section".into()),
        }
    }

    fn rebase(s: &str) -> Option<String> {
        (!s.contains(':')).then(|| format!("../{s}"))
    }

    /// The rule sets dossier uses: an embed move, the print move with
    /// demoted headings, and ids alone.
    fn rule_sets(f: &mut dyn FnMut(&Rules)) {
        f(&Rules {
            href: &embed_href,
            src: &rebase,
            id_prefix: None,
            new_tab: true,
            demote: 0,
        });
        f(&Rules {
            href: &print_href,
            src: &rebase,
            id_prefix: Some("p-"),
            new_tab: false,
            demote: 1,
        });
        f(&Rules {
            href: &|_| LinkAction::Keep,
            src: &|_| None,
            id_prefix: Some("x--"),
            new_tab: false,
            demote: 2,
        });
    }

    /// The fast result, when the scanner takes the input.
    fn fast(html: &str, rules: &Rules) -> Option<String> {
        let mut out = String::new();
        rewrite(html, rules, &mut out).ok().map(|()| out)
    }

    /// Whether the scanner took `html` under every rule set, after checking
    /// that it wrote what lol_html writes.
    fn agrees(html: &str) -> bool {
        let mut taken = true;
        rule_sets(&mut |rules| match fast(html, rules) {
            Some(out) => assert_eq!(out, with_lol_html(html, rules), "on {html:?}"),
            None => taken = false,
        });
        taken
    }

    #[test]
    fn writes_what_lol_html_writes_on_the_common_subset() {
        let cases = [
            "",
            "plain text, no tag",
            r#"<a href="x">t</a>"#,
            "<a href='x'>t</a>",
            r#"<A HREF="x">t</A>"#,
            r#"<a  href="x"   class="c" >t</a>"#,
            r#"<a href="x"/>"#,
            r#"<img src="i.png" alt="">"#,
            r#"<img src="i.png"/>"#,
            r#"<img alt="" src="i.png" />"#,
            "<a href>t</a>",
            r#"<a href="">t</a>"#,
            r#"<a target="_self" href="x">t</a>"#,
            r#"<a href="x" href="y">t</a>"#,
            r##"<a href="#f">t</a>"##,
            r#"<a href="https://ex.org/">t</a>"#,
            r#"<a href="&quot;x&amp;y">t</a>"#,
            r#"<a href='a"b'>t</a>"#,
            r#"<img alt='x"y' src="i.png">"#,
            r#"é<a href="é/ü">ß</a>"#,
            r#"<h2 id="a">T</h2><p>x</p><h3 id="b">U</h3>"#,
            r#"<H2 ID="a">T</H2 >"#,
            "<h6>x</h6><h1>y</h1>",
            "<h2/>x",
            r##"<h2 id="t"><em>x</em> <a href="#t">y</a></h2>"##,
            "<h2>x<p>y</h2>",
            "<p>a<h2>T</h2>",
            "<h2>x</h3>",
            // lol_html gives `</div>` the heading's new name.
            "<div><h2>x</div></h2>",
            r#"<label for="a b">L</label>"#,
            r#"<output for="x" id="y">o</output>"#,
            r#"<output for="x">o</output>"#,
            r#"<p aria-labelledby="a  b" aria-describedby="c">p</p>"#,
            r#"<p id="">p</p>"#,
            r#"<!-- <a href="x"> --><a href="y">t</a>"#,
            "<!---->",
            "<!-- a -- b -->",
            "<!-- a --->",
            r#"<!DOCTYPE html><html><head><title>T · x</title><link rel="stylesheet" href="s.css"><script src="a.js" defer></script></head></html>"#,
            "<!doctype html>",
            r#"<link src="x">"#,
            r#"<iframe src="x" title="t"></iframe>"#,
            r#"<textarea>&lt;a&gt;</textarea><a href="x">t</a>"#,
            "<style>a { color: red }</style>",
            r#"<script src="a.js"/></script>"#,
            "a < b <a href=\"x\">t</a> a <3 b <",
            "<p class=x>untouched unquoted</p>",
            "<a\r\nhref=\"x\"\x0Cclass=\"c\">t</a>",
            r#"<my-el id="x">e</my-el>"#,
            r#"<pre><code class="language-rust"><span class="k">fn</span></code></pre>"#,
            r#"<a hidden href="x">t</a>"#,
            r#"<h2 hidden>T</h2>"#,
            r#"<label for="s">L</label><select id="s"><option value="a">A</option></select><a href="x">t</a>"#,
            r#"<select><script src="s.js"></script></select><style>p {}</style>"#,
        ];
        let refused: Vec<&str> = cases.into_iter().filter(|h| !agrees(h)).collect();
        assert!(refused.is_empty(), "the fast path should take {refused:?}");
    }

    #[test]
    fn leaves_the_rest_to_lol_html() {
        let cases = [
            "<!-->",
            "<!--->",
            r#"<!-- a --!> <a href="x">t</a>"#,
            "<!-- a <!-- b -->",
            r#"<![CDATA[ <a href="x"> ]]>"#,
            "<?php x ?>",
            r#"<script>if (a<b) {}</script><a href="x">t</a>"#,
            r#"<title>a <a href="x"></title>"#,
            r#"<svg><a href="x"/></svg>"#,
            "<math><mi>x</mi></math>",
            "<select><style>p {}</style></select>",
            "<select><template></template></select>",
            "<frameset></frameset>",
            "<plaintext><a href=\"x\">",
            "</>",
            "</ a>",
            "</a foo>",
            r#"<a href="x"title="y">t</a>"#,
            r#"<a href="x" / >t</a>"#,
            "<a href=x>t</a>",
            r#"<a href = "x">t</a>"#,
            r#"<a href="x" data-x=1>t</a>"#,
            "<h2 class=x>T</h2>",
            r#"<a href="x""#,
            "<a",
            "<!--",
            r#"<a:b href="x">t</a:b>"#,
            "<h2><h3>x</h2></h3>",
            r#"<link rel=stylesheet href="s.css">"#,
            "<a href=`x`>t</a>",
        ];
        let taken: Vec<&str> = cases.into_iter().filter(|h| agrees(h)).collect();
        assert!(taken.is_empty(), "{taken:?} should go to lol_html");
        for html in cases {
            rule_sets(&mut |rules| assert_eq!(relink(html, rules), with_lol_html(html, rules)));
        }
        let unwrap = Rules {
            href: &|_| LinkAction::Unwrap,
            src: &|_| None,
            id_prefix: None,
            new_tab: false,
            demote: 0,
        };
        assert_eq!(fast(r#"<a href="t/">t</a>"#, &unwrap), None);
        assert_eq!(relink(r#"<a href="t/">t</a>"#, &unwrap), "t");
    }

    /// Random sequences of the pieces HTML is made of, regular and not,
    /// and random tags: whenever the scanner takes one, it must write
    /// lol_html's bytes.
    #[test]
    fn agrees_with_lol_html_on_random_html() {
        const ROUNDS: usize = 4000;
        const PIECES: &[&str] = &[
            r#"<a href="x/">"#,
            r##"<a href="#f">"##,
            "<a href='y'>",
            "<a href>",
            r#"<a href="x" target="_top">"#,
            "</a>",
            r#"<h2 id="t">"#,
            "<h3>",
            "<H4 ID='u'>",
            "</h2>",
            "</h3>",
            "</H4>",
            "</h4 >",
            "<h2/>",
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<em>",
            "</em>",
            "<br>",
            "<br/>",
            r#"<img src="i.png" alt="">"#,
            r#"<label for="l">"#,
            r#"<span aria-describedby="a b">"#,
            "<span class=k>",
            "</span>",
            "<!-- c -->",
            "<!--",
            "-->",
            "<!DOCTYPE html>",
            "<script>",
            "</script>",
            "<title>",
            "</title>",
            "<svg>",
            "text ",
            "é ",
            "&amp; ",
            "<",
            ">",
            "\"",
            "'",
            "=",
            " ",
            "\n",
            "/",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        const NAMES: &[&str] = &["a", "A", "h2", "H3", "img", "label", "link", "p", "script"];
        const ATTRS: &[&str] = &[
            r#" href="x/""#,
            " href='#f'",
            " href=x",
            " HREF=\"y\"",
            r#" src="i.png""#,
            r#" id="a""#,
            " ID=b",
            r#" for="c d""#,
            r#" target="_self""#,
            r#" rel="me""#,
            " hidden",
            r#" a = "v""#,
            "  ",
            "\n",
            "/",
            r#""x""#,
        ];
        let mut pick = |list: &[&'static str]| list[(next() % list.len() as u64) as usize];
        let mut taken = 0;
        for round in 0..ROUNDS {
            let len = pick(&["0", "3", "8", "16", "24"]).parse().unwrap_or(0);
            let mut html = String::new();
            for _ in 0..len {
                if round % 2 == 0 {
                    html.push_str(pick(PIECES));
                    continue;
                }
                let name = pick(NAMES);
                html.push('<');
                html.push_str(name);
                for _ in 0..pick(&["0", "1", "2", "3"]).parse().unwrap_or(0) {
                    html.push_str(pick(ATTRS));
                }
                html.push_str(pick(&[">", "/>", " >"]));
                html.push_str(pick(&["t", "", "<em>e</em>"]));
                html.push_str(pick(&["</", "</", "</", ""]));
                html.push_str(pick(&[name, "h2", "p"]));
                html.push('>');
            }
            if agrees(&html) {
                taken += 1;
            }
        }
        assert!(
            taken > ROUNDS / 10,
            "the fast path took only {taken} inputs"
        );
    }
}
