//! Plain text of a rendered body, for the search index: taken from the Markdown events while the
//! body is rendered (no second parse of the HTML), with raw HTML inside Markdown reduced to its
//! text by [`plain_text`]. Whitespace is squashed to single spaces; block boundaries become spaces,
//! inline markup (emphasis, links, code spans) joins its text to the words around it.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Text being collected: words and the pending space between them.
struct Writer {
    out: String,
    space: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

impl Writer {
    /// A word boundary: the next text starts after a space (never at the start).
    fn boundary(&mut self) {
        if !self.out.is_empty() {
            self.space = true;
        }
    }

    fn push_char(&mut self, c: char) {
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        self.out.push(c);
    }

    /// Appends text, squashing runs of whitespace to one space.
    fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // Most text is words between single spaces: found with two SIMD scans, copied at once.
        static DOUBLE_SPACE: std::sync::OnceLock<memchr::memmem::Finder> =
            std::sync::OnceLock::new();
        let double = DOUBLE_SPACE.get_or_init(|| memchr::memmem::Finder::new("  "));
        if memchr::memchr3(b'\n', b'\t', b'\r', bytes).is_none() && double.find(bytes).is_none() {
            let words = s.trim_matches(' ');
            if s.starts_with(' ') {
                self.boundary();
            }
            if !words.is_empty() {
                if self.space {
                    self.out.push(' ');
                    self.space = false;
                }
                self.out.push_str(words);
                if s.ends_with(' ') {
                    self.boundary();
                }
            }
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            if is_space(bytes[i]) {
                self.boundary();
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() {
                if !is_space(bytes[i]) {
                    i += 1;
                } else if bytes[i] == b' ' && i + 1 < bytes.len() && !is_space(bytes[i + 1]) {
                    // A single space between words stays in the run: copied as it is.
                    i += 2;
                } else {
                    break;
                }
            }
            if self.space {
                self.out.push(' ');
                self.space = false;
            }
            // Runs end at ASCII bytes, so both ends are character boundaries.
            self.out.push_str(&s[start..i]);
        }
    }

    /// Appends the text of an HTML fragment: tags dropped (block tags become spaces), character
    /// references decoded.
    fn push_html(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match memchr::memchr2(b'<', b'&', &bytes[i..]) {
                None => {
                    self.push(&html[i..]);
                    return;
                }
                Some(k) => {
                    self.push(&html[i..i + k]);
                    i += k;
                }
            }
            if bytes[i] == b'<' {
                // The tag's inside and where the text after it starts (an unclosed tag runs to the end).
                let (inside, end) = match memchr::memchr(b'>', &bytes[i..]) {
                    Some(e) => (i + e, i + e + 1),
                    None => (bytes.len(), bytes.len()),
                };
                let tag = html[i + 1..inside].trim_start_matches('/');
                let name_len = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
                if is_block_tag(&tag[..name_len]) {
                    self.boundary();
                }
                i = end;
            } else {
                let (c, len) = entity(&html[i..]).unwrap_or(('&', 1));
                self.push_char(c);
                i += len;
            }
        }
    }
}

/// HTML elements whose boundaries separate words.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "li"
            | "td"
            | "th"
            | "tr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "blockquote"
            | "div"
            | "dt"
            | "dd"
            | "hr"
            | "sup"
    )
}

/// The character a reference at the start of `s` (`&amp;`, `&#39;`, `&#x17E;`) stands for, and the
/// reference's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let e = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')?;
    let name = &s[1..e];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        _ => name
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, e + 1))
}

/// The plain text of an HTML fragment, whitespace squashed: tags dropped (block ends become
/// spaces), character references decoded.
pub fn plain_text(html: &str) -> String {
    let mut w = Writer {
        out: String::with_capacity(html.len() / 2),
        space: false,
    };
    w.push_html(html);
    w.out
}

/// Whether `tag` is inline markup inside a block (emphasis, a link, an image...).
pub fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether the end of `tag` separates words (its start does unless [`is_inline`]).
fn end_separates(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The plain text of a body from the events its HTML is written from. `size` is a capacity hint.
/// Image descriptions are left out (they are attributes in the HTML, not text); consecutive raw
/// HTML events are joined before their tags are dropped, so a tag split over lines stays a tag.
pub fn of_events(events: &[Event], size: usize) -> String {
    let mut w = Writer {
        out: String::with_capacity(size),
        space: false,
    };
    let mut html = String::new();
    let mut in_image = 0usize;
    for event in events {
        if !html.is_empty() && !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            w.push_html(&html);
            html.clear();
        }
        match event {
            Event::Text(s) | Event::Code(s) => {
                if in_image == 0 {
                    w.push(s);
                }
            }
            Event::Html(s) | Event::InlineHtml(s) => html.push_str(s),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(tag) => {
                if !is_inline(tag) {
                    w.boundary();
                }
            }
            Event::End(tag) => {
                if end_separates(tag) {
                    w.boundary();
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => w.boundary(),
        }
    }
    if !html.is_empty() {
        w.push_html(&html);
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_fragments_lose_their_tags() {
        assert_eq!(plain_text("&#39;abord étoile &x"), "'abord étoile &x");
        assert_eq!(
            plain_text("<p>a &amp; b&lt;c&#39;d&#x17E;</p><ul><li>x</li><li>y</li></ul>"),
            "a & b<c'dž x y"
        );
        // An unclosed tag at the end, with a multi-byte character in it.
        assert_eq!(plain_text("a <?ą"), "a");
        assert_eq!(plain_text("<p>b</p><x ą"), "b");
        // Runs of whitespace of any kind become one space, also before markup.
        assert_eq!(
            plain_text("<p>a  b\tc \r\nd e <em>f</em> g &amp; h</p>"),
            "a b c d e f g & h"
        );
    }

    fn text(md: &str) -> String {
        let events: Vec<Event> =
            pulldown_cmark::Parser::new_ext(md, crate::resolve::markdown::options()).collect();
        of_events(&events, md.len())
    }

    #[test]
    fn events_give_the_same_text_as_their_html() {
        for md in [
            "# Title\n\nSome *text*, `code`  and [a link](x.md).\n",
            "- one\n- two\n\n> quoted\n> text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Line one  \nline two\nline three\n\n---\n\nA & B < C \"q\"\n",
            "Raw <span class=\"x\">inline</span> HTML.\n\n<div class=\"box\"\n  title=\"t\">\nblock <b>html</b>\n</div>\n",
            "![alt text](p.svg) after\n\n```\nlet x = 1;\n```\n",
        ] {
            let events: Vec<Event> =
                pulldown_cmark::Parser::new_ext(md, crate::resolve::markdown::options()).collect();
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.clone().into_iter());
            assert_eq!(of_events(&events, 0), plain_text(&html), "{md}");
        }
    }

    #[test]
    fn inline_markup_joins_words_and_blocks_separate_them() {
        assert_eq!(text("Kur*šių*\n\nnerija"), "Kuršių nerija");
        assert_eq!(text("a\nb"), "a b");
        assert_eq!(text(""), "");
    }
}
