//! The part of HTML tokenization the link check needs: the start tags a
//! browser would see, with the attributes that define ids or hold URLs.
//!
//! Pages hold raw HTML from Markdown authors, so this follows the WHATWG
//! tokenizer wherever it decides what is a tag: attributes quoted with `"`
//! or `'` or unquoted, comments (`<!-->`, `--!>`), bogus comments and
//! doctypes, `<script>` (with its `<!--` escapes), `<style>`, `<textarea>`
//! and the other raw text elements, `<plaintext>`, and CDATA sections in
//! SVG and MathML. Which elements switch to raw text is decided as
//! `lol_html` does it, by simulating the namespace part of tree
//! construction (an `<svg><style>` is not raw text, `<foreignObject>` and
//! the MathML text elements come back to HTML).
//!
//! Why not `lol_html` itself: it was 20 % of a build's instructions, most of
//! it spent matching selectors and keeping an element stack for every tag,
//! while the checker needs a handful of attributes of some tags. This
//! tokenizer skips text with `memchr`, copies only the values it reports,
//! and takes its input in chunks split anywhere (the print page is written
//! in pieces), keeping at most a few bytes of lookahead between chunks.
//!
//! It differs from `lol_html` on purpose where `lol_html` differs from a
//! browser: it never gives up on a page (`lol_html` stops at a raw text tag
//! inside `<select>` or after `<frameset>`), a self-closing `<svg/>` or
//! `<math/>` does not open SVG or MathML content, and a raw text element
//! whose last attribute has an empty unquoted value (`<script src=>`) is
//! still raw text.

use memchr::{memchr, memchr2};

/// The element attributes that hold URLs, in the order a tag's links are
/// reported: one URL each, then the `srcset` lists (`url 2x, url 640w`).
pub const LABELS: &[&str] = &[
    "a href",
    "area href",
    "link href",
    "img src",
    "script src",
    "iframe src",
    "embed src",
    "source src",
    "track src",
    "audio src",
    "video src",
    "video poster",
    "object data",
    "form action",
    "blockquote cite",
    "q cite",
    "img srcset",
    "source srcset",
];

/// What an attribute the tokenizer reports is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Id,
    /// `<a name>`: the old way to make a fragment target, which browsers
    /// still follow.
    AnchorName,
    /// One URL; the index of its label in [`LABELS`].
    Url(u8),
    /// A `srcset` list; the index of its label in [`LABELS`].
    Srcset(u8),
    /// `color`, `size` or `face` on `<font>`, which ends SVG or MathML.
    FontPresentation,
    /// `encoding` on MathML `<annotation-xml>`.
    Encoding,
}

/// Receives the start tags, in document order.
pub trait Sink {
    /// The reported attributes of one start tag (first occurrence of each,
    /// value as written), `id` first, then in [`LABELS`] order.
    fn start_tag(&mut self, attributes: &[(Slot, &[u8])]);
}

type Interest = &'static [(&'static [u8], Slot)];

/// The attributes reported for an element (a lowercase tag name).
fn interest(name: Option<&[u8]>) -> Interest {
    use Slot::{AnchorName, Encoding, FontPresentation, Id, Srcset, Url};
    match name.unwrap_or_default() {
        b"a" => &[(b"id", Id), (b"name", AnchorName), (b"href", Url(0))],
        b"area" => &[(b"id", Id), (b"href", Url(1))],
        b"link" => &[(b"id", Id), (b"href", Url(2))],
        b"img" => &[(b"id", Id), (b"src", Url(3)), (b"srcset", Srcset(16))],
        b"script" => &[(b"id", Id), (b"src", Url(4))],
        b"iframe" => &[(b"id", Id), (b"src", Url(5))],
        b"embed" => &[(b"id", Id), (b"src", Url(6))],
        b"source" => &[(b"id", Id), (b"src", Url(7)), (b"srcset", Srcset(17))],
        b"track" => &[(b"id", Id), (b"src", Url(8))],
        b"audio" => &[(b"id", Id), (b"src", Url(9))],
        b"video" => &[(b"id", Id), (b"src", Url(10)), (b"poster", Url(11))],
        b"object" => &[(b"id", Id), (b"data", Url(12))],
        b"form" => &[(b"id", Id), (b"action", Url(13))],
        b"blockquote" => &[(b"id", Id), (b"cite", Url(14))],
        b"q" => &[(b"id", Id), (b"cite", Url(15))],
        b"font" => &[
            (b"id", Id),
            (b"color", FontPresentation),
            (b"size", FontPresentation),
            (b"face", FontPresentation),
        ],
        b"annotation-xml" => &[(b"id", Id), (b"encoding", Encoding)],
        _ => &[(b"id", Id)],
    }
}

/// Most attributes an element of [`interest`] reports.
const MAX_INTEREST: usize = 4;

/// The longest lookahead a state needs (`</noscript` and a delimiter).
pub const MAX_LOOKAHEAD: usize = 16;

/// A lowercase tag or attribute name; only short names matter, a longer
/// one is kept as "too long", which matches nothing.
#[derive(Debug, Default, Clone, Copy)]
struct Name {
    bytes: [u8; 16],
    len: u8,
    too_long: bool,
}

impl Name {
    fn clear(&mut self) {
        self.len = 0;
        self.too_long = false;
    }

    fn push(&mut self, b: u8) {
        if usize::from(self.len) < self.bytes.len() {
            self.bytes[usize::from(self.len)] = b.to_ascii_lowercase();
            self.len += 1;
        } else {
            self.too_long = true;
        }
    }

    fn set(&mut self, name: &[u8]) {
        self.clear();
        for &b in name {
            self.push(b);
        }
    }

    fn get(&self) -> Option<&[u8]> {
        (!self.too_long).then(|| &self.bytes[..usize::from(self.len)])
    }

    fn is(&self, name: &[u8]) -> bool {
        self.get() == Some(name)
    }

    fn is_one_of(&self, names: &[&[u8]]) -> bool {
        self.get().is_some_and(|n| names.contains(&n))
    }
}

/// The tag being read.
#[derive(Debug, Default)]
struct Tag {
    end: bool,
    self_closing: bool,
    name: Name,
    interest: Interest,
    /// Name of the attribute being read.
    attribute: Name,
    /// Index in `interest` of the attribute whose value is being read.
    target: Option<usize>,
    /// Value of each reported attribute, as a range of `values`.
    found: [Option<(usize, usize)>; MAX_INTEREST],
    values: Vec<u8>,
}

impl Tag {
    fn start(&mut self, end: bool) {
        self.end = end;
        self.self_closing = false;
        self.name.clear();
        self.interest = &[];
        self.attribute.clear();
        self.target = None;
        self.found = [None; MAX_INTEREST];
        self.values.clear();
    }

    fn finish_name(&mut self) {
        if !self.end {
            self.interest = interest(self.name.get());
        }
    }

    fn start_attribute(&mut self) {
        self.attribute.clear();
        self.target = None;
    }

    /// A repeated attribute is ignored, as browsers do.
    fn finish_attribute_name(&mut self) {
        let Some(name) = self.attribute.get() else {
            return;
        };
        if let Some(k) = self.interest.iter().position(|(a, _)| *a == name)
            && self.found[k].is_none()
        {
            self.found[k] = Some((self.values.len(), self.values.len()));
            self.target = Some(k);
        }
    }

    fn value(&mut self, bytes: &[u8]) {
        if let Some(k) = self.target {
            self.values.extend_from_slice(bytes);
            if let Some(range) = &mut self.found[k] {
                range.1 = self.values.len();
            }
        }
    }

    fn has(&self, slot: Slot) -> bool {
        self.interest
            .iter()
            .zip(&self.found)
            .any(|((_, s), f)| *s == slot && f.is_some())
    }

    fn get(&self, slot: Slot) -> Option<&[u8]> {
        self.interest
            .iter()
            .zip(&self.found)
            .find_map(|((_, s), f)| (*s == slot).then_some(*f).flatten())
            .map(|(a, b)| &self.values[a..b])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Data,
    TagOpen,
    EndTagOpen,
    TagName,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    AttributeValueQuoted(u8),
    AttributeValueUnquoted,
    SelfClosingStartTag,
    MarkupDeclarationOpen,
    /// Also a doctype: both end at the first `>`.
    BogusComment,
    CommentStart,
    CommentStartDash,
    Comment,
    CommentEndDash,
    CommentEnd,
    CommentEndBang,
    CdataSection,
    /// RCDATA or RAWTEXT (`<title>`, `<style>`…), until `raw_end`'s end tag.
    RawText,
    PlainText,
    ScriptData,
    ScriptDataEscaped,
    ScriptDataEscapedDashDash,
    ScriptDataDoubleEscaped,
    ScriptDataDoubleEscapedDashDash,
}

/// A streaming tokenizer; feed it a page's bytes, in chunks or whole.
#[derive(Debug)]
pub struct Tokenizer {
    state: State,
    tag: Tag,
    /// Open SVG/MathML/HTML-integration levels; the bottom is HTML.
    namespaces: Vec<Namespace>,
    /// The end tag that ends the current raw text.
    raw_end: &'static [u8],
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            state: State::Data,
            tag: Tag::default(),
            namespaces: vec![Namespace::Html],
            raw_end: b"",
        }
    }
}

/// Whether bytes ahead match a pattern.
enum Ahead {
    Yes,
    No,
    /// The input ends before it is known; ask again with more.
    Wait,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'\x0C')
}

/// Whether `input[at..]` starts with `pattern` (ASCII case-insensitive).
fn ahead(input: &[u8], at: usize, pattern: &[u8], eof: bool) -> Ahead {
    let available = &input[at.min(input.len())..];
    let n = available.len().min(pattern.len());
    if !available[..n].eq_ignore_ascii_case(&pattern[..n]) {
        Ahead::No
    } else if n < pattern.len() {
        if eof { Ahead::No } else { Ahead::Wait }
    } else {
        Ahead::Yes
    }
}

/// Whether `input[at..]` is `</name` followed by whitespace, `/` or `>`:
/// the end tag that ends raw text. `Yes` means the delimiter is at
/// `at + 2 + name.len()`.
fn end_tag_ahead(input: &[u8], at: usize, name: &[u8], eof: bool) -> Ahead {
    match ahead(input, at, b"</", eof) {
        Ahead::Yes => {}
        other => return other,
    }
    match ahead(input, at + 2, name, eof) {
        Ahead::Yes => {}
        other => return other,
    }
    match input.get(at + 2 + name.len()) {
        Some(&b) if is_whitespace(b) || b == b'/' || b == b'>' => Ahead::Yes,
        Some(_) => Ahead::No,
        None if eof => Ahead::No,
        None => Ahead::Wait,
    }
}

/// Whether `input[at..]` is `<script` or `</script` (given as `pattern`)
/// followed by whitespace, `/` or `>`, which toggle double escaping.
fn script_toggle_ahead(input: &[u8], at: usize, pattern: &[u8], eof: bool) -> Ahead {
    match ahead(input, at, pattern, eof) {
        Ahead::Yes => {}
        other => return other,
    }
    match input.get(at + pattern.len()) {
        Some(&b) if is_whitespace(b) || b == b'/' || b == b'>' => Ahead::Yes,
        Some(_) => Ahead::No,
        None if eof => Ahead::No,
        None => Ahead::Wait,
    }
}

impl Tokenizer {
    /// Reads `input`, reporting start tags to `sink`. Returns how many bytes
    /// were used: the rest (at most [`MAX_LOOKAHEAD`] bytes) must be given
    /// again, followed by the next chunk. With `eof`, everything is used
    /// and a tag left open at the end is dropped, as browsers do.
    pub fn feed(&mut self, input: &[u8], eof: bool, sink: &mut impl Sink) -> usize {
        let n = input.len();
        let mut i = 0;
        while i < n {
            match self.state {
                State::Data => match memchr(b'<', &input[i..]) {
                    Some(p) => {
                        i += p + 1;
                        self.state = State::TagOpen;
                    }
                    None => i = n,
                },
                State::TagOpen => {
                    let b = input[i];
                    if b.is_ascii_alphabetic() {
                        self.tag.start(false);
                        self.state = State::TagName;
                    } else if b == b'!' {
                        i += 1;
                        self.state = State::MarkupDeclarationOpen;
                    } else if b == b'/' {
                        i += 1;
                        self.state = State::EndTagOpen;
                    } else if b == b'?' {
                        self.state = State::BogusComment;
                    } else {
                        self.state = State::Data;
                    }
                }
                State::EndTagOpen => {
                    let b = input[i];
                    if b.is_ascii_alphabetic() {
                        self.tag.start(true);
                        self.state = State::TagName;
                    } else if b == b'>' {
                        i += 1;
                        self.state = State::Data;
                    } else {
                        self.state = State::BogusComment;
                    }
                }
                State::TagName => i = self.tag_name(input, i, sink),
                State::BeforeAttributeName | State::AfterAttributeName => {
                    let after_name = self.state == State::AfterAttributeName;
                    let Some(skip) = input[i..].iter().position(|&b| !is_whitespace(b)) else {
                        i = n;
                        continue;
                    };
                    i += skip;
                    let b = input[i];
                    i += 1;
                    if b == b'/' {
                        self.state = State::SelfClosingStartTag;
                    } else if b == b'>' {
                        self.emit(sink);
                    } else if b == b'=' && after_name {
                        self.state = State::BeforeAttributeValue;
                    } else {
                        // The first character is part of the name, even `=`.
                        self.tag.start_attribute();
                        self.tag.attribute.push(b);
                        self.state = State::AttributeName;
                        i = self.attribute_name(input, i, sink);
                    }
                }
                State::AttributeName => i = self.attribute_name(input, i, sink),
                State::BeforeAttributeValue => {
                    let b = input[i];
                    if is_whitespace(b) {
                        i += 1;
                    } else if b == b'"' || b == b'\'' {
                        i += 1;
                        self.state = State::AttributeValueQuoted(b);
                    } else if b == b'>' {
                        i += 1;
                        self.emit(sink);
                    } else {
                        self.state = State::AttributeValueUnquoted;
                    }
                }
                State::AttributeValueQuoted(quote) => match memchr(quote, &input[i..]) {
                    Some(p) => {
                        self.tag.value(&input[i..i + p]);
                        i += p + 1;
                        self.state = State::BeforeAttributeName;
                    }
                    None => {
                        self.tag.value(&input[i..]);
                        i = n;
                    }
                },
                State::AttributeValueUnquoted => {
                    let rest = &input[i..];
                    match rest.iter().position(|&b| is_whitespace(b) || b == b'>') {
                        Some(p) => {
                            self.tag.value(&rest[..p]);
                            i += p + 1;
                            if rest[p] == b'>' {
                                self.emit(sink);
                            } else {
                                self.state = State::BeforeAttributeName;
                            }
                        }
                        None => {
                            self.tag.value(rest);
                            i = n;
                        }
                    }
                }
                State::SelfClosingStartTag => {
                    if input[i] == b'>' {
                        i += 1;
                        self.tag.self_closing = true;
                        self.emit(sink);
                    } else {
                        self.state = State::BeforeAttributeName;
                    }
                }
                State::MarkupDeclarationOpen => {
                    if input[i..].starts_with(b"--") {
                        i += 2;
                        self.state = State::CommentStart;
                    } else if n - i < 7 && !eof {
                        return i;
                    } else if let Ahead::Yes = ahead(input, i, b"doctype", eof) {
                        i += 7;
                        self.state = State::BogusComment;
                    } else if input[i..].starts_with(b"[CDATA[") && self.in_foreign_content() {
                        i += 7;
                        self.state = State::CdataSection;
                    } else {
                        self.state = State::BogusComment;
                    }
                }
                State::BogusComment => match memchr(b'>', &input[i..]) {
                    Some(p) => {
                        i += p + 1;
                        self.state = State::Data;
                    }
                    None => i = n,
                },
                State::CommentStart | State::CommentStartDash => {
                    let b = input[i];
                    if b == b'>' {
                        i += 1;
                        self.state = State::Data;
                    } else if b == b'-' {
                        i += 1;
                        self.state = if self.state == State::CommentStart {
                            State::CommentStartDash
                        } else {
                            State::CommentEnd
                        };
                    } else {
                        self.state = State::Comment;
                    }
                }
                State::Comment => match memchr(b'-', &input[i..]) {
                    Some(p) => {
                        i += p + 1;
                        self.state = State::CommentEndDash;
                    }
                    None => i = n,
                },
                State::CommentEndDash => {
                    if input[i] == b'-' {
                        i += 1;
                        self.state = State::CommentEnd;
                    } else {
                        self.state = State::Comment;
                    }
                }
                State::CommentEnd => match input[i] {
                    b'>' => {
                        i += 1;
                        self.state = State::Data;
                    }
                    b'!' => {
                        i += 1;
                        self.state = State::CommentEndBang;
                    }
                    b'-' => i += 1,
                    _ => self.state = State::Comment,
                },
                State::CommentEndBang => match input[i] {
                    b'-' => {
                        i += 1;
                        self.state = State::CommentEndDash;
                    }
                    b'>' => {
                        i += 1;
                        self.state = State::Data;
                    }
                    _ => self.state = State::Comment,
                },
                State::CdataSection => match memchr(b']', &input[i..]) {
                    Some(p) => {
                        let at = i + p;
                        match ahead(input, at, b"]]>", eof) {
                            Ahead::Yes => {
                                i = at + 3;
                                self.state = State::Data;
                            }
                            Ahead::No => i = at + 1,
                            Ahead::Wait => return at,
                        }
                    }
                    None => i = n,
                },
                State::RawText | State::ScriptData => match memchr(b'<', &input[i..]) {
                    Some(p) => {
                        let at = i + p;
                        match end_tag_ahead(input, at, self.raw_end, eof) {
                            Ahead::Yes => i = self.raw_end_tag(at),
                            Ahead::Wait => return at,
                            Ahead::No if self.state == State::ScriptData => {
                                match ahead(input, at, b"<!--", eof) {
                                    Ahead::Yes => {
                                        i = at + 4;
                                        self.state = State::ScriptDataEscapedDashDash;
                                    }
                                    Ahead::No => i = at + 1,
                                    Ahead::Wait => return at,
                                }
                            }
                            Ahead::No => i = at + 1,
                        }
                    }
                    None => i = n,
                },
                State::PlainText => i = n,
                State::ScriptDataEscaped | State::ScriptDataDoubleEscaped => {
                    let double = self.state == State::ScriptDataDoubleEscaped;
                    let Some(p) = memchr2(b'-', b'<', &input[i..]) else {
                        i = n;
                        continue;
                    };
                    let at = i + p;
                    if input[at] == b'-' {
                        match ahead(input, at, b"--", eof) {
                            Ahead::Yes => {
                                i = at + 2;
                                self.state = if double {
                                    State::ScriptDataDoubleEscapedDashDash
                                } else {
                                    State::ScriptDataEscapedDashDash
                                };
                            }
                            Ahead::No => i = at + 1,
                            Ahead::Wait => return at,
                        }
                    } else {
                        match self.script_escaped_less_than(input, at, double, eof) {
                            Some(next) => i = next,
                            None => return at,
                        }
                    }
                }
                State::ScriptDataEscapedDashDash | State::ScriptDataDoubleEscapedDashDash => {
                    let double = self.state == State::ScriptDataDoubleEscapedDashDash;
                    match input[i] {
                        b'-' => i += 1,
                        b'>' => {
                            i += 1;
                            self.state = State::ScriptData;
                        }
                        b'<' => match self.script_escaped_less_than(input, i, double, eof) {
                            Some(next) => i = next,
                            None => return i,
                        },
                        _ => {
                            i += 1;
                            self.state = if double {
                                State::ScriptDataDoubleEscaped
                            } else {
                                State::ScriptDataEscaped
                            };
                        }
                    }
                }
            }
        }
        i
    }

    /// A `<` in escaped script data (`<!-- …`): the script's end tag, or
    /// `<script`/`</script`, which enter/leave double escaping. Returns
    /// where to go on, or `None` to wait for more input.
    fn script_escaped_less_than(
        &mut self,
        input: &[u8],
        at: usize,
        double: bool,
        eof: bool,
    ) -> Option<usize> {
        let (escaped, double_escaped) = (State::ScriptDataEscaped, State::ScriptDataDoubleEscaped);
        if double {
            return match script_toggle_ahead(input, at, b"</script", eof) {
                Ahead::Yes => {
                    self.state = escaped;
                    Some(at + b"</script".len() + 1)
                }
                Ahead::No => {
                    self.state = double_escaped;
                    Some(at + 1)
                }
                Ahead::Wait => None,
            };
        }
        match end_tag_ahead(input, at, self.raw_end, eof) {
            Ahead::Yes => return Some(self.raw_end_tag(at)),
            Ahead::Wait => return None,
            Ahead::No => {}
        }
        match script_toggle_ahead(input, at, b"<script", eof) {
            Ahead::Yes => {
                self.state = double_escaped;
                Some(at + b"<script".len() + 1)
            }
            Ahead::No => {
                self.state = escaped;
                Some(at + 1)
            }
            Ahead::Wait => None,
        }
    }

    /// Starts the end tag found at `at` (`</name`), which ends raw text;
    /// returns the position of the delimiter after its name.
    fn raw_end_tag(&mut self, at: usize) -> usize {
        self.tag.start(true);
        self.tag.name.set(self.raw_end);
        self.state = State::TagName;
        at + 2 + self.raw_end.len()
    }

    fn tag_name(&mut self, input: &[u8], mut i: usize, sink: &mut impl Sink) -> usize {
        while let Some(&b) = input.get(i) {
            i += 1;
            if is_whitespace(b) {
                self.tag.finish_name();
                self.state = State::BeforeAttributeName;
                return i;
            } else if b == b'/' {
                self.tag.finish_name();
                self.state = State::SelfClosingStartTag;
                return i;
            } else if b == b'>' {
                self.tag.finish_name();
                self.emit(sink);
                return i;
            }
            self.tag.name.push(b);
        }
        i
    }

    fn attribute_name(&mut self, input: &[u8], mut i: usize, sink: &mut impl Sink) -> usize {
        while let Some(&b) = input.get(i) {
            i += 1;
            let next = if is_whitespace(b) {
                State::AfterAttributeName
            } else if b == b'=' {
                State::BeforeAttributeValue
            } else if b == b'/' {
                State::SelfClosingStartTag
            } else if b == b'>' {
                self.tag.finish_attribute_name();
                self.emit(sink);
                return i;
            } else {
                self.tag.attribute.push(b);
                continue;
            };
            self.tag.finish_attribute_name();
            self.state = next;
            return i;
        }
        i
    }

    fn in_foreign_content(&self) -> bool {
        self.namespaces.last() != Some(&Namespace::Html)
    }

    /// A complete tag: report it, then decide how the text after it is
    /// read.
    fn emit(&mut self, sink: &mut impl Sink) {
        self.state = State::Data;
        if self.tag.end {
            self.after_end_tag();
            return;
        }
        let mut attributes: [(Slot, &[u8]); MAX_INTEREST] = [(Slot::Id, &[]); MAX_INTEREST];
        let mut count = 0;
        for ((_, slot), found) in self.tag.interest.iter().zip(&self.tag.found) {
            if let Some((a, b)) = *found
                && matches!(
                    slot,
                    Slot::Id | Slot::AnchorName | Slot::Url(_) | Slot::Srcset(_)
                )
            {
                attributes[count] = (*slot, &self.tag.values[a..b]);
                count += 1;
            }
        }
        if count > 0 {
            sink.start_tag(&attributes[..count]);
        }
        self.after_start_tag();
    }

    /// The namespace and text changes a start tag makes (tree
    /// construction, as simulated by `lol_html`).
    fn after_start_tag(&mut self) {
        let tag = &self.tag;
        let name = &tag.name;
        let current = *self.namespaces.last().unwrap_or(&Namespace::Html);
        if name.is(b"svg") || name.is(b"math") {
            if !tag.self_closing {
                let ns = if name.is(b"svg") {
                    Namespace::Svg
                } else {
                    Namespace::MathMl
                };
                self.namespaces.push(ns);
            }
        } else if current != Namespace::Html {
            let leaves = name.is_one_of(FOREIGN_CONTENT_EXITS)
                || (name.is(b"font") && tag.has(Slot::FontPresentation));
            let html_inside = !tag.self_closing
                && match current {
                    Namespace::Svg => name.is_one_of(SVG_HTML_INTEGRATION),
                    _ => {
                        name.is_one_of(MATHML_TEXT_INTEGRATION)
                            || (name.is(b"annotation-xml")
                                && tag.get(Slot::Encoding).is_some_and(|e| {
                                    e.eq_ignore_ascii_case(b"text/html")
                                        || e.eq_ignore_ascii_case(b"application/xhtml+xml")
                                }))
                    }
                };
            if leaves {
                self.leave_namespace();
            } else if html_inside {
                self.namespaces.push(Namespace::Html);
            }
        } else if let Some(raw) = RAW_TEXT
            .iter()
            .find(|(n, _)| name.is(n))
            .map(|(n, state)| (*n, *state))
        {
            self.raw_end = raw.0;
            self.state = raw.1;
        }
    }

    fn after_end_tag(&mut self) {
        let name = &self.tag.name;
        let depth = self.namespaces.len();
        let current = self.namespaces[depth - 1];
        let leaves = if current == Namespace::Html {
            depth >= 2
                && match self.namespaces[depth - 2] {
                    Namespace::Svg => name.is_one_of(SVG_HTML_INTEGRATION),
                    Namespace::MathMl => {
                        name.is_one_of(MATHML_TEXT_INTEGRATION) || name.is(b"annotation-xml")
                    }
                    Namespace::Html => false,
                }
        } else {
            (current == Namespace::Svg && name.is(b"svg"))
                || (current == Namespace::MathMl && name.is(b"math"))
                || name.is_one_of(&[b"p", b"br"])
        };
        if leaves {
            self.leave_namespace();
        }
    }

    fn leave_namespace(&mut self) {
        if self.namespaces.len() > 1 {
            self.namespaces.pop();
        }
    }
}

/// HTML elements whose text is not markup, and how it is read.
const RAW_TEXT: &[(&[u8], State)] = &[
    (b"script", State::ScriptData),
    (b"style", State::RawText),
    (b"textarea", State::RawText),
    (b"title", State::RawText),
    (b"iframe", State::RawText),
    (b"xmp", State::RawText),
    (b"noembed", State::RawText),
    (b"noframes", State::RawText),
    (b"noscript", State::RawText),
    (b"plaintext", State::PlainText),
];

/// Start tags that end SVG or MathML content.
const FOREIGN_CONTENT_EXITS: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
];

/// SVG elements whose content is HTML again.
const SVG_HTML_INTEGRATION: &[&[u8]] = &[b"desc", b"title", b"foreignobject"];

/// MathML elements whose content is HTML again.
const MATHML_TEXT_INTEGRATION: &[&[u8]] = &[b"mi", b"mo", b"mn", b"ms", b"mtext"];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::check::scan::{Found, found_in};

    /// The ids and links a page shows, as the old `lol_html` scanner
    /// reported them.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct Seen {
        ids: BTreeSet<String>,
        links: Vec<(String, String)>,
    }

    impl Sink for Seen {
        fn start_tag(&mut self, attributes: &[(Slot, &[u8])]) {
            found_in(attributes, |found| match found {
                Found::Id(id) => {
                    self.ids.insert(id.to_string());
                }
                Found::Link(label, url) => self
                    .links
                    .push((LABELS[usize::from(label)].to_string(), url.to_string())),
            });
        }
    }

    /// Scans `html` cut at `cuts` (sorted byte offsets), feeding the
    /// chunks as the page scanner does.
    fn scan_in_chunks(html: &[u8], cuts: &[usize]) -> Seen {
        let mut seen = Seen::default();
        let mut tokenizer = Tokenizer::default();
        let mut held: Vec<u8> = Vec::new();
        let mut from = 0;
        for &to in cuts.iter().chain(std::iter::once(&html.len())) {
            held.extend_from_slice(&html[from..to]);
            let used = tokenizer.feed(&held, false, &mut seen);
            held.drain(..used);
            assert!(held.len() <= MAX_LOOKAHEAD, "{} bytes held", held.len());
            from = to;
        }
        tokenizer.feed(&held, true, &mut seen);
        seen
    }

    fn scan(html: &str) -> Seen {
        scan_in_chunks(html.as_bytes(), &[])
    }

    fn urls(seen: &Seen) -> Vec<&str> {
        seen.links.iter().map(|(_, u)| u.as_str()).collect()
    }

    /// The scanner this tokenizer replaced (`lol_html`, every element),
    /// `None` where `lol_html` gives up on the page.
    fn lol_html_scan(html: &str) -> Option<Seen> {
        use lol_html::{HtmlRewriter, Settings, element};
        let mut seen = Seen::default();
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                let name = el.tag_name();
                let mut attributes: Vec<(Slot, Vec<u8>)> = Vec::new();
                for (attribute, slot) in interest(Some(name.as_bytes())) {
                    let attribute = std::str::from_utf8(attribute).unwrap();
                    if let Some(v) = el.get_attribute(attribute) {
                        attributes.push((*slot, v.into_bytes()));
                    }
                }
                let attributes: Vec<(Slot, &[u8])> = attributes
                    .iter()
                    .filter(|(s, _)| !matches!(s, Slot::FontPresentation | Slot::Encoding))
                    .map(|(s, v)| (*s, v.as_slice()))
                    .collect();
                seen.start_tag(&attributes);
                Ok(())
            })),
            |_: &[u8]| {},
        );
        rewriter.write(html.as_bytes()).ok()?;
        rewriter.end().ok()?;
        Some(seen)
    }

    #[test]
    fn collects_ids_and_links_with_references_decoded() {
        let page = scan(
            r##"<!DOCTYPE html><html><head><link rel="stylesheet" href="style.css">
            <script src="a.js" defer></script></head><body>
            <h2 id="x">X</h2><a name="old"></a>
            <a href="p/index.html?a=1&amp;b=2#x">p</a>
            <img src="i.png" alt="" srcset="i-2x.png 2x, i-640.png 640w">
            <script>var s = '<a href="not-a-link.html">';</script>
            <!-- <a href="commented.html"> -->
            </body></html>"##,
        );
        assert_eq!(
            page.ids,
            BTreeSet::from(["x".to_string(), "old".to_string()])
        );
        assert_eq!(
            urls(&page),
            [
                "style.css",
                "a.js",
                "p/index.html?a=1&b=2#x",
                "i.png",
                "i-2x.png",
                "i-640.png"
            ]
        );
    }

    #[test]
    fn decodes_named_and_numeric_references_in_attributes() {
        let page = scan(
            r#"<p id="a&amp;b"></p><a name="n&#233;"></a>
            <a href="x.html?q=&quot;a&lt;b&gt;&apos;&#x2F;&#47;&nbsp;z">x</a>
            <a href="y.html?a=1&copy=2">y</a>
            <img srcset="i.png?a=1&amp;b=2 2x">
            <style>a[href="not-a-link.html"] {}</style>
            <textarea><a href="in-textarea.html"></a></textarea>
            <A HREF="upper.html">u</A>"#,
        );
        assert!(page.ids.contains("a&b"));
        assert!(page.ids.contains("né"));
        assert_eq!(
            urls(&page),
            [
                "x.html?q=\"a<b>'//\u{a0}z",
                "y.html?a=1&copy=2",
                "i.png?a=1&b=2",
                "upper.html"
            ]
        );
        assert_eq!(page.links[3].0, "a href");
    }

    #[test]
    fn attributes_quoted_either_way_or_unquoted() {
        let page = scan(
            "<a href=\"d q.html\" id='s q'>x</a><a href='s\"q.html'><a href=u.html>\
             <a href = \"spaced.html\" ><a\nhref=\nnl.html><a href=last.html/>\
             <a title='>' href=after-gt.html><a href=\"a\" href=\"ignored\"><a href>",
        );
        assert_eq!(
            urls(&page),
            [
                "d q.html",
                "s\"q.html",
                "u.html",
                "spaced.html",
                "nl.html",
                "last.html/",
                "after-gt.html",
                "a",
                ""
            ]
        );
        assert!(page.ids.contains("s q"));
    }

    #[test]
    fn comments_doctypes_and_bogus_comments_hide_markup() {
        let page = scan(
            "<!-- <a href=c1> --><a href=1>\
             <!--><a href=2><!---><a href=3><!-- x --!><a href=4>\
             <!-- a -- b <a href=c2> --><a href=5>\
             <!DOCTYPE html PUBLIC \"x\"><a href=6><?php <a href=c3> ?><a href=7>\
             </ <a href=c4>><a href=8></><a href=9><!x <a href=c5>><a href=10>\
             <!-- unterminated <a href=c6>",
        );
        assert_eq!(
            urls(&page),
            ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
        );
    }

    #[test]
    fn script_and_style_text_is_not_markup() {
        let page = scan(
            "<script>if (a<b) document.write('<a href=s1>')</script><a href=1>\
             <script>x = '</scripts><a href=s2>'</SCRIPT ><a href=2>\
             <script><!-- <script> </script> <a href=s3> --></script><a href=3>\
             <script><!-- </script><a href=4>\
             <style>p::after{content:'<a href=s4>'}</style><a href=5>\
             <noscript><a href=s5></noscript><a href=6>\
             <title><a href=s6></title><a href=7>\
             <plaintext></plaintext><a href=p1>",
        );
        assert_eq!(urls(&page), ["1", "2", "3", "4", "5", "6", "7"]);
    }

    #[test]
    fn svg_and_mathml_follow_their_own_rules() {
        let page = scan(
            "<svg><style><a href=1></style><![CDATA[<a href=c1>]]>\
             <foreignObject><style><a href=s1></style></foreignObject>\
             <title>t</title></svg><![CDATA[ bogus comment, in HTML ]]><a href=2>\
             <math><mi><style><a href=s2></style></mi></math>\
             <svg/><style><a href=s3></style><a href=3>",
        );
        assert_eq!(urls(&page), ["1", "2", "3"]);
    }

    #[test]
    fn a_tag_cut_by_the_end_of_the_page_is_dropped() {
        assert_eq!(urls(&scan("<a href=1><a href=\"2")), ["1"]);
        assert_eq!(urls(&scan("<a href=1><a href=2")), ["1"]);
    }

    #[test]
    fn chunks_split_anywhere_give_the_same_result() {
        let page = "<!DOCTYPE html><p id=\"é1\">é</p><!-- c --><script><!-- <script></script>\
                    --></script><a href='a.html#é' id=x>a</a><svg><![CDATA[ ]]></svg>\
                    <img srcset=\"a.png 2x, b.png\"><textarea></textarea><a href=u>";
        let whole = scan(page);
        assert_eq!(urls(&whole), ["a.html#é", "a.png", "b.png", "u"]);
        let bytes = page.as_bytes();
        for cut in 0..=bytes.len() {
            assert_eq!(scan_in_chunks(bytes, &[cut]), whole, "cut at {cut}");
        }
        let every_byte: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(scan_in_chunks(bytes, &every_byte), whole);
    }

    /// Random pages made of tricky pieces: the tokenizer finds what
    /// `lol_html` found, whole or in random chunks.
    #[test]
    fn agrees_with_lol_html_on_random_pages() {
        const PIECES: &[&str] = &[
            "<a href=\"x.html\">",
            "<a href='y.html#f'>",
            "<a href=z.html>",
            "<a HREF = \"sp.html\" >",
            "<a name=n1>",
            "<p id=\"i1\">",
            "<p id='i&amp;2'>",
            "<img src=i.png srcset=\"a.png 2x, b.png 640w\">",
            "<img srcset='c.png'/>",
            "<video src=v.mp4 poster=p.png>",
            "<a href=\"d1\" href=\"d2\">",
            "<a href>",
            "<a href=\"&#x2F;q?a=1&amp;b=2\">",
            "<a id=s1 href=s.html>",
            "<!--",
            "-->",
            "--!>",
            "<!-->",
            "<!--->",
            "<!",
            "<!DOCTYPE html>",
            "<?x?>",
            "</",
            "</x y='>'>",
            "</>",
            "<",
            ">",
            "\"",
            "'",
            "=",
            "-",
            "!",
            "/",
            " ",
            "\n",
            "té",
            "&amp;",
            "<script>",
            "</script>",
            "</SCRIPT >",
            "<!--<script>",
            "</script/>",
            "<style>",
            "</style>",
            "<textarea>",
            "</textarea>",
            "<title>",
            "</title>",
            "<noscript>",
            "</noscript>",
            "<xmp>",
            "</xmp>",
            "<iframe src=f.html>",
            "</iframe>",
            "<plaintext>",
            "<svg>",
            "</svg>",
            "<math>",
            "</math>",
            "<foreignObject>",
            "</foreignObject>",
            "<desc>",
            "</desc>",
            "<mi>",
            "</mi>",
            "<![CDATA[",
            "]]>",
            "<font color=red>",
            "<div>",
            "<p>",
            "</p>",
            "</br>",
            "<annotation-xml encoding=\"text/html\">",
            "</annotation-xml>",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            // xorshift64*: reproducible without a dependency.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let mut compared = 0;
        for _ in 0..3000 {
            let page: String = (0..1 + next(40))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            let ours = scan(&page);
            if let Some(theirs) = lol_html_scan(&page) {
                assert_eq!(ours, theirs, "{page:?}");
                compared += 1;
            }
            let mut cuts: Vec<usize> = (0..next(4)).map(|_| next(page.len() + 1)).collect();
            cuts.sort_unstable();
            assert_eq!(
                scan_in_chunks(page.as_bytes(), &cuts),
                ours,
                "{page:?} {cuts:?}"
            );
        }
        assert!(compared > 2500, "only {compared} pages compared");
    }
}
