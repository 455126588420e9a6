//! Markdown to HTML with pulldown-cmark: GFM tables, footnotes, strikethrough and task lists, stable
//! Unicode-safe heading ids, link rewriting through a caller-supplied resolver, and fenced code
//! highlighted by syntect into CSS classes. Also collects headings, and the plain text for search
//! from the same events ([`crate::resolve::text`]).

use crate::diagnostic::{Diagnostic, LineCursor};
use crate::model::{Heading, Packed, Rendered};
use crate::resolve::highlight::highlight_cached;
pub use crate::resolve::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// What a link in a body turned into.
pub enum LinkTarget {
    /// Leave the URL as it is (external, `mailto:`, same-page `#anchor`).
    Keep,
    /// Replace with this URL.
    Url(String),
}

/// Where a link appears, for the resolver and its diagnostics.
pub struct LinkSite<'a> {
    pub dest: &'a str,
    pub is_image: bool,
    /// For a URL in raw HTML, its attribute (`href`, `src`, `srcset`, `poster`): checked, never
    /// rewritten ([`crate::resolve::raw_html`]); what the resolver returns for it is not used.
    pub raw: Option<&'static str>,
    /// 1-based file line and column.
    pub line: usize,
    pub col: usize,
}

/// A heading being buffered: level, explicit id, classes, attributes and inner events.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    Vec<Event<'a>>,
);

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A heading id: lower-case letters and digits of any script, words joined by `-`.
/// `Kuršių nerija: kopos` → `kuršių-nerija-kopos`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '–' || c == '—' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The heading ids of one page, kept unique: a repeated id gets the first free `-1`, `-2`, … suffix.
/// Each base id remembers the last suffix it took, so `n` equal headings cost `n` probes, not `n²/2`
/// (a suffix once taken stays taken, so resuming there finds the same id as counting from 1).
#[derive(Default)]
pub struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    /// Ids tried so far (for tests: it grows linearly with the headings).
    pub probes: usize,
}

impl HeadingIds {
    /// `base` if it is free, else `base-N` with the smallest free `N` ≥ 1; the result is taken.
    pub fn unique(&mut self, base: String) -> String {
        self.probes += 1;
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        let id = loop {
            self.probes += 1;
            let id = format!("{base}-{n}");
            n += 1;
            if self.used.insert(id.clone()) {
                break id;
            }
        };
        self.next.insert(base, n);
        id
    }
}

/// Renders `body` (which starts on file line `body_line`), rewriting every link and image
/// destination through `resolve`. Diagnostics from the resolver are returned, not raised.
pub fn render(
    body: &str,
    body_line: usize,
    resolve: &mut dyn FnMut(&LinkSite) -> Result<LinkTarget, Diagnostic>,
) -> (Rendered, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out: Vec<Event> = Vec::with_capacity(256);
    let mut headings = Vec::new();
    let mut used_ids = HeadingIds::default();
    let mut has_code = false;

    // Buffers while inside a heading or a fenced code block.
    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;

    let mut cursor = LineCursor::new(body);
    let mut rewrite = |dest: CowStr<'_>,
                       is_image: bool,
                       raw: Option<&'static str>,
                       offset: usize,
                       diags: &mut Vec<Diagnostic>|
     -> CowStr<'static> {
        let (line, col) = cursor.locate(offset);
        let site = LinkSite {
            dest: &dest,
            is_image,
            raw,
            line: body_line + line - 1,
            col,
        };
        match resolve(&site) {
            Ok(LinkTarget::Keep) => CowStr::from(dest.into_string()),
            Ok(LinkTarget::Url(u)) => CowStr::from(u),
            Err(d) => {
                diags.push(d);
                CowStr::from(dest.into_string())
            }
        }
    };

    // A task list item's checkbox and text are wrapped in a <label> (so the checkbox has an accessible
    // name); it is open from the marker to the end of the item's first block.
    let mut task_label_open = false;
    // The raw HTML block being read: its text so far and, for each of its lines (one `Html` event
    // each), where the line starts in that text and in `body`. A tag may span lines.
    let mut raw_block: Option<(String, Vec<(usize, usize)>)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if task_label_open && ends_task_label(&event) {
            task_label_open = false;
            push_html(&mut out, heading.as_mut(), "</label>");
        }
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, src) = code.take().expect("in code");
                    out.push(Event::Html(CowStr::from(highlight_cached(&lang, &src))));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(dest_url, false, None, range.start, &mut diags);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(dest_url, true, None, range.start, &mut diags);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Raw HTML is kept as it is; its URLs are only checked.
            Event::Start(Tag::HtmlBlock) => {
                raw_block = Some((String::new(), Vec::new()));
                Event::Start(Tag::HtmlBlock)
            }
            Event::Html(html) => {
                match raw_block.as_mut() {
                    Some((text, starts)) => {
                        let at = text.len();
                        starts
                            .extend(line_starts(body, &range, &html).map(|(t, src)| (at + t, src)));
                        text.push_str(&html);
                    }
                    None => {
                        let starts: Vec<_> = line_starts(body, &range, &html).collect();
                        check_raw(&html, &starts, &mut rewrite, &mut diags)
                    }
                }
                Event::Html(html)
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, starts)) = raw_block.take() {
                    check_raw(&text, &starts, &mut rewrite, &mut diags);
                }
                Event::End(TagEnd::HtmlBlock)
            }
            Event::InlineHtml(html) => {
                let starts: Vec<_> = line_starts(body, &range, &html).collect();
                check_raw(&html, &starts, &mut rewrite, &mut diags);
                Event::InlineHtml(html)
            }
            Event::TaskListMarker(checked) => {
                task_label_open = true;
                let checked = if checked { " checked" } else { "" };
                push_html(
                    &mut out,
                    heading.as_mut(),
                    &format!("<label class=\"task\"><input type=\"checkbox\" disabled{checked}> "),
                );
                continue;
            }
            Event::Start(Tag::Table(alignments)) => {
                // Wide tables scroll inside a focusable wrapper, so keyboard users can scroll them too.
                out.push(Event::Html(CowStr::from(
                    "<div class=\"table-scroll\" tabindex=\"0\">\n",
                )));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::from("</div>\n")));
                continue;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                has_code = true;
                let lang = lang.split([',', ' ']).next().unwrap_or("").to_string();
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                has_code = true;
                code = Some((String::new(), String::new()));
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((level, id, classes, attrs, Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, id, classes, attrs, inner) = heading.take().expect("in heading");
                let mut htext = String::new();
                for e in &inner {
                    if let Event::Text(t) | Event::Code(t) = e {
                        htext.push_str(t);
                    }
                }
                let base = id.map(|i| i.to_string()).unwrap_or_else(|| slugify(&htext));
                let hid = used_ids.unique(base);
                headings.push(Heading {
                    level: level as u8,
                    id: hid.clone(),
                    text: htext,
                });
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(hid)),
                    classes,
                    attrs,
                }));
                out.extend(inner);
                out.push(Event::End(TagEnd::Heading(level)));
                continue;
            }
            e => e,
        };
        // Events borrow from `body` until the HTML is written: no copy of the text.
        if let Some((_, _, _, _, buf)) = heading.as_mut() {
            buf.push(event);
            continue;
        }
        out.push(event);
    }
    let text = crate::resolve::text::of_events(&out, body.len());
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    (
        Rendered {
            html: Packed::new(html),
            text: Packed::new(text),
            headings,
            has_code,
            links: Vec::new(),
            assets: Vec::new(),
            external: Vec::new(),
        },
        diags,
    )
}

/// Where the lines of `text`, a raw HTML event's text for `body[range]`, start in `text` and in
/// `body`. The text is usually that slice; inside a block quote or a list item, a tag spanning
/// lines has the containers' markers and indentation taken out of each line, so each line of the
/// text is aligned with the end of its line in the source.
fn line_starts(
    body: &str,
    range: &std::ops::Range<usize>,
    text: &str,
) -> impl Iterator<Item = (usize, usize)> {
    let source = body.get(range.clone()).unwrap_or("");
    let mut starts = vec![(0, range.start)];
    if source != text {
        starts.clear();
        let (mut t_at, mut s_at) = (0, range.start);
        let mut source_lines = source.split_inclusive('\n');
        for line in text.split_inclusive('\n') {
            let src = source_lines.next().unwrap_or("");
            starts.push((t_at, s_at + src.len().saturating_sub(line.len())));
            t_at += line.len();
            s_at += src.len();
        }
    }
    starts.into_iter()
}

/// Passes the URLs of a chunk of raw HTML to `rewrite` (which resolves and checks them) at their
/// offsets in the body; `starts` maps offsets in `html` to offsets in the body (line by line, for
/// an HTML block). The URLs stay as they are written.
fn check_raw(
    html: &str,
    starts: &[(usize, usize)],
    rewrite: &mut impl FnMut(
        CowStr<'_>,
        bool,
        Option<&'static str>,
        usize,
        &mut Vec<Diagnostic>,
    ) -> CowStr<'static>,
    diags: &mut Vec<Diagnostic>,
) {
    if !html.contains('<') {
        return;
    }
    for u in crate::resolve::raw_html::urls(html) {
        let k = starts
            .partition_point(|s| s.0 <= u.offset)
            .saturating_sub(1);
        let offset = starts.get(k).map_or(0, |&(at, src)| src + u.offset - at);
        let is_image = u.attr != "href";
        rewrite(CowStr::from(u.url), is_image, Some(u.attr), offset, diags);
    }
}

/// Whether `event` closes an open task-list label: the end of the item or of its first paragraph,
/// or the start of any block inside the item.
fn ends_task_label(event: &Event) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) => true,
        Event::Start(tag) => !crate::resolve::text::is_inline(tag),
        Event::Html(_) | Event::Rule => true,
        _ => false,
    }
}

/// Appends raw HTML to the output, or to the heading being buffered.
fn push_html(out: &mut Vec<Event<'_>>, heading: Option<&mut OpenHeading>, html: &str) {
    let e = Event::Html(CowStr::from(html.to_string()));
    match heading {
        Some((_, _, _, _, buf)) => buf.push(e),
        None => out.push(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_the_five_specials_only() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a> ../lessons/š.html"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; ../lessons/š.html"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("Kuršių nerija"), "Kuršių nerija");
        assert_eq!(escape("&&"), "&amp;&amp;");
    }

    fn keep(_: &LinkSite) -> Result<LinkTarget, Diagnostic> {
        Ok(LinkTarget::Keep)
    }

    #[test]
    fn lithuanian_heading_ids_are_readable() {
        assert_eq!(
            slugify("Kuršių nerija: kopos ir žmonės"),
            "kuršių-nerija-kopos-ir-žmonės"
        );
        assert_eq!(slugify("Activity"), "activity");
        assert_eq!(slugify("  ?! "), "section");
    }

    #[test]
    fn duplicate_headings_get_distinct_ids() {
        let (r, _) = render("## A\n\n## A\n", 1, &mut keep);
        assert!(r.html.get().contains("id=\"a\""));
        assert!(r.html.get().contains("id=\"a-1\""));
    }

    #[test]
    fn heading_ids_keep_the_suffix_scheme_in_linear_probes() {
        // The scheme of counting from 1 for each heading, as ids were always made.
        fn naive(bases: &[&str]) -> Vec<String> {
            let mut used = HashSet::new();
            let mut out = Vec::new();
            for base in bases {
                let (mut id, mut n) = (base.to_string(), 1);
                while !used.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                out.push(id);
            }
            out
        }
        let bases = [
            "same", "same-1", "same", "same", "same-2", "same-1", "same", "x", "same-1-1",
        ];
        let mut ids = HeadingIds::default();
        let got: Vec<String> = bases.iter().map(|b| ids.unique(b.to_string())).collect();
        assert_eq!(got, naive(&bases));
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), bases.len());

        let n = 20_000;
        let mut ids = HeadingIds::default();
        let got: Vec<String> = (0..n).map(|_| ids.unique("same".into())).collect();
        assert_eq!((got[0].as_str(), got[1].as_str()), ("same", "same-1"));
        assert_eq!(got[n - 1], format!("same-{}", n - 1));
        assert!(ids.probes < 2 * n, "{} probes for {n} headings", ids.probes);
        // A heading literally titled "Same 1" among them takes a free id and is not reused.
        let mut ids = HeadingIds::default();
        let got: Vec<String> = ["same", "same-1", "same", "same"]
            .iter()
            .map(|b| ids.unique(b.to_string()))
            .collect();
        assert_eq!(got, ["same", "same-1", "same-2", "same-3"]);
    }

    #[test]
    fn links_are_rewritten_with_lines() {
        let mut seen = Vec::new();
        let (r, _) = render(
            "Hi\n\n[x](a.md#b) and ![i](p.svg)\n",
            5,
            &mut |s: &LinkSite| {
                seen.push((s.dest.to_string(), s.line, s.is_image));
                Ok(LinkTarget::Url("a.html#b".into()))
            },
        );
        assert_eq!(seen[0], ("a.md#b".into(), 7, false));
        assert!(seen[1].2);
        assert!(r.html.get().contains("href=\"a.html#b\""));
    }

    #[test]
    fn raw_html_urls_are_checked_at_their_line_and_column_and_kept() {
        let body = "Text <a href=\"x.md\">x</a>\n\n> <figure>\n>   <img\n>  src=\"a&amp;b.png\">\n> </figure>\n\n\
                    - see <a\n  href=\"b.html\">b</a>\n\n<video poster=\"v.jpg\"><source srcset=\"s1.png 1x, s2.png 2x\"></video>\n\n\
                    `<img src=\"code.png\">`\n\n    <img src=\"indented.png\">\n";
        let mut seen = Vec::new();
        let (r, _) = render(body, 3, &mut |s: &LinkSite| {
            seen.push((s.raw, s.dest.to_string(), s.line, s.col, s.is_image));
            Ok(LinkTarget::Url("rewritten".into()))
        });
        let at = |needle: &str| {
            let o = body.find(needle).unwrap();
            let (l, c) = crate::diagnostic::line_col(body, o);
            (l + 2, c)
        };
        let want = |attr, url: &str, needle: &str, image| {
            let (l, c) = at(needle);
            (Some(attr), url.to_string(), l, c, image)
        };
        assert_eq!(
            seen,
            [
                want("href", "x.md", "x.md", false),
                want("src", "a&b.png", "a&amp;b.png", true),
                want("href", "b.html", "b.html", false),
                want("poster", "v.jpg", "v.jpg", true),
                want("srcset", "s1.png", "s1.png", true),
                want("srcset", "s2.png", "s2.png", true),
            ],
            "code is not raw HTML"
        );
        let html = r.html.get();
        assert!(
            !html.contains("rewritten"),
            "raw HTML is not rewritten: {html}"
        );
        assert!(html.contains("<a href=\"x.md\">") && html.contains("a&amp;b.png"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let (r, _) = render("```json\n{\"a\": 1}\n```\n", 1, &mut keep);
        assert!(r.has_code);
        assert!(r.html.get().contains("hl-"), "{}", r.html.get());
        let (r, _) = render("```nosuchlang\nx < y\n```\n", 1, &mut keep);
        assert!(r.html.get().contains("x &lt; y"));
    }

    fn parse(html: &str) -> scraper::Html {
        scraper::Html::parse_fragment(html)
    }

    fn count(doc: &scraper::Html, css: &str) -> usize {
        doc.select(&scraper::Selector::parse(css).unwrap()).count()
    }

    #[test]
    fn task_list_checkboxes_are_labelled_by_their_text() {
        let md =
            "- [ ] one [link](x.md)\n- [x] two\n  - nested\n\nLoose:\n\n- [ ] three\n\n  more\n";
        let (r, _) = render(md, 1, &mut keep);
        let doc = parse(&r.html.get());
        assert_eq!(
            count(&doc, "label.task > input[type=checkbox][disabled]"),
            3
        );
        assert_eq!(count(&doc, "label.task > input[checked]"), 1);
        let labels: Vec<String> = doc
            .select(&scraper::Selector::parse("label.task").unwrap())
            .map(|l| l.text().collect::<String>().trim().to_string())
            .collect();
        assert_eq!(labels, ["one link", "two", "three"]);
        // The nested list and the second paragraph stay outside the labels.
        assert_eq!(count(&doc, "label ul, label p"), 0);
        assert_eq!(count(&doc, "li > ul > li"), 1);
    }

    #[test]
    fn scrolling_blocks_are_keyboard_focusable() {
        let (r, _) = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n",
            1,
            &mut keep,
        );
        let doc = parse(&r.html.get());
        assert_eq!(count(&doc, "div.table-scroll[tabindex='0'] > table"), 1);
        assert_eq!(count(&doc, "pre[tabindex='0'] > code"), 1);
    }

    #[test]
    fn collects_plain_text() {
        let (r, _) = render("# Title\n\nSome *text*.\n", 1, &mut keep);
        assert_eq!(r.text.get(), "Title Some text.");
    }
}
