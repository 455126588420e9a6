//! Generated badge images: where a badge has no `image` (in a language), an SVG is rendered for that
//! language from the theme's `badge.svg` template, with the localized name laid out to fit inside the
//! round badge (see [`layout`]; a word too long for a line is hyphenated with the TeX patterns that
//! `hypher` embeds for the name's language), an icon chosen by the template from the badge's unit,
//! and the name as the accessible `<title>`.

use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{pick, Site};
use crate::output::Staging;
use crate::render::templates::Engines;
use rayon::prelude::*;

/// Centre of the badge (the template's `viewBox` is 240×240).
const CENTER: f64 = 120.0;
/// Radius text must stay inside: the inner ring (r=100) less a margin.
const TEXT_RADIUS: f64 = 92.0;
/// The text block sits below the icon, between these heights, centred on `TEXT_MIDDLE`.
const TEXT_TOP: f64 = 106.0;
const TEXT_BOTTOM: f64 = 208.0;
const TEXT_MIDDLE: f64 = 152.0;
const MAX_FONT: f64 = 24.0;
const MIN_FONT: f64 = 10.0;
/// Below this size a long word is hyphenated rather than the whole name shrunk further.
const HYPHENATE_BELOW: f64 = 14.0;
const MAX_LINES: usize = 5;
/// Ascent (with Lithuanian accents such as Ė), descent and line pitch, in ems.
const ASCENT: f64 = 0.84;
const DESCENT: f64 = 0.24;
const LEADING: f64 = 1.16;

/// One laid-out line: its text, baseline `y`, estimated width and the width it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub y: f64,
    pub width: f64,
    pub room: f64,
}

/// The name laid out on the badge.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub font_size: f64,
    pub lines: Vec<Line>,
    /// Whether some line is still wider than its room and must be squeezed (`textLength`).
    pub squeezed: bool,
}

/// Advance width of a character in ems, from DejaVu Sans Bold (the widest of the template's fonts,
/// so the estimate errs on the safe side for Verdana and Arial).
fn char_width(c: char) -> f64 {
    match c {
        ' ' => 0.35,
        'i' | 'j' | 'l' | 'į' | 'ı' | 'I' | 'J' | 'Į' | '\'' | '.' | ',' | ':' | ';' | '!'
        | '|' => 0.38,
        'f' | 't' | '-' | '(' | ')' => 0.48,
        'r' => 0.5,
        'm' | 'w' | 'M' | 'W' => 1.06,
        'c' | 'č' | 's' | 'š' | 'z' | 'ž' | 'x' | 'v' | 'y' | 'k' => 0.66,
        c if c.is_ascii_digit() => 0.7,
        c if c.is_uppercase() => 0.85,
        _ => 0.72,
    }
}

/// Estimated width of `text` at `font_size` pixels.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().map(char_width).sum::<f64>() * font_size
}

fn half_chord(y: f64) -> f64 {
    let dy = y - CENTER;
    (TEXT_RADIUS * TEXT_RADIUS - dy * dy).max(0.0).sqrt()
}

/// Baselines and widths of `n` lines at `font_size`, or `None` if they do not fit vertically.
fn slots(n: usize, font_size: f64) -> Option<Vec<(f64, f64)>> {
    let pitch = font_size * LEADING;
    let height = (n as f64 - 1.0) * pitch + (ASCENT + DESCENT) * font_size;
    let top = (TEXT_MIDDLE - height / 2.0).max(TEXT_TOP);
    if top + height > TEXT_BOTTOM {
        return None;
    }
    Some(
        (0..n)
            .map(|i| {
                let base = top + ASCENT * font_size + i as f64 * pitch;
                let room = 2.0
                    * half_chord(base - ASCENT * font_size)
                        .min(half_chord(base + DESCENT * font_size));
                (base, room)
            })
            .collect(),
    )
}

/// A piece of the name: a word, or part of a hyphenated word (no space before it).
#[derive(Debug, Clone)]
struct Token {
    text: String,
    space_before: bool,
    /// Ends with a hyphen added by [`hyphenate`], which goes when the next piece shares the line.
    soft_hyphen: bool,
}

/// `line`, which ends with the token `prev`, followed by `next` on the same line.
fn append(line: &str, prev: &Token, next: &Token) -> String {
    if next.space_before {
        format!("{line} {}", next.text)
    } else if prev.soft_hyphen {
        format!("{}{}", line.strip_suffix('-').unwrap_or(line), next.text)
    } else {
        format!("{line}{}", next.text)
    }
}

fn tokens(name: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for word in name.split_whitespace() {
        // Break compounds at their own hyphens: "Vilnius-Kaunas" → "Vilnius-", "Kaunas".
        let mut first = true;
        let parts: Vec<&str> = word.split_inclusive('-').collect();
        for p in parts {
            out.push(Token {
                text: p.to_string(),
                space_before: first,
                soft_hyphen: false,
            });
            first = false;
        }
    }
    out
}

/// The hyphenation patterns for a language code such as `lt` or `pt-BR`, where `hypher` has them.
fn patterns(lang: &str) -> Option<hypher::Lang> {
    let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    hypher::Lang::from_iso(primary.as_bytes().try_into().ok()?)
}

/// Splits a word too wide for `room` into hyphenated pieces, each (with its hyphen) at most `room`
/// wide, cutting where the language's hyphenation patterns allow (the last such place that fits);
/// where none fits, or the language has no patterns, after the longest prefix that fits.
fn hyphenate(word: &str, lang: Option<hypher::Lang>, font_size: f64, room: f64) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    // Places the patterns allow a break, as char offsets (before `chars[k]`), in the word's letters
    // without the punctuation around them ("Vilnius-" of a compound is hyphenated as "Vilnius").
    let lead = chars.iter().take_while(|c| !c.is_alphabetic()).count();
    let trail = chars[lead..]
        .iter()
        .rev()
        .take_while(|c| !c.is_alphabetic())
        .count();
    let letters: String = chars[lead..chars.len() - trail].iter().collect();
    let breaks: Vec<usize> = lang
        .map(|l| {
            let mut k = lead;
            let mut ends: Vec<usize> = hypher::hyphenate(&letters, l)
                .map(|syllable| {
                    k += syllable.chars().count();
                    k
                })
                .collect();
            ends.pop(); // the end of the letters is no break
            ends
        })
        .unwrap_or_default();
    let mut pieces = Vec::new();
    let mut start = 0;
    while text_width(&chars[start..].iter().collect::<String>(), font_size) > room
        && chars.len() - start > 4
    {
        // The longest prefix that fits with its hyphen, leaving at least two letters.
        let mut end = start + 2;
        while end < chars.len() - 2 {
            let piece: String = chars[start..=end].iter().collect();
            if text_width(&format!("{piece}-"), font_size) > room {
                break;
            }
            end += 1;
        }
        let cut = breaks
            .iter()
            .rev()
            .find(|&&k| k > start && k <= end)
            .copied()
            .unwrap_or(end);
        pieces.push(format!("{}-", chars[start..cut].iter().collect::<String>()));
        start = cut;
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}

/// Fills `tokens` greedily into `slots`; `None` if they do not all fit.
fn fill(tokens: &[Token], slots: &[(f64, f64)], font_size: f64) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    for &(_, room) in slots {
        if i == tokens.len() {
            break;
        }
        let mut line = tokens[i].text.clone();
        if text_width(&line, font_size) > room {
            return None;
        }
        i += 1;
        while i < tokens.len() {
            let longer = append(&line, &tokens[i - 1], &tokens[i]);
            if text_width(&longer, font_size) > room {
                break;
            }
            line = longer;
            i += 1;
        }
        lines.push(line);
    }
    (i == tokens.len()).then_some(lines)
}

fn try_layout(tokens: &[Token], font_size: f64) -> Option<Layout> {
    for n in 1..=MAX_LINES {
        let Some(s) = slots(n, font_size) else {
            break;
        };
        let Some(lines) = fill(tokens, &s, font_size) else {
            continue;
        };
        // Fewer lines than slots: lay them out again as a block of their own.
        let s = slots(lines.len(), font_size)?;
        if lines
            .iter()
            .zip(&s)
            .all(|(l, &(_, room))| text_width(l, font_size) <= room)
        {
            return Some(finish(lines, &s, font_size));
        }
    }
    None
}

fn finish(lines: Vec<String>, slots: &[(f64, f64)], font_size: f64) -> Layout {
    let lines: Vec<Line> = lines
        .into_iter()
        .zip(slots)
        .map(|(text, &(y, room))| Line {
            width: text_width(&text, font_size),
            text,
            y,
            room,
        })
        .collect();
    let squeezed = lines.iter().any(|l| l.width > l.room);
    Layout {
        font_size,
        lines,
        squeezed,
    }
}

/// Lays out a badge name in language `lang` inside the round badge: the largest font size at which
/// the words fit on up to five lines within the circle; below 14px, words too long for a line (long
/// Lithuanian words) are hyphenated where the language's patterns allow; as a last resort lines
/// are squeezed to fit.
pub fn layout(name: &str, lang: &str) -> Layout {
    let plain = tokens(name);
    let patterns = patterns(lang);
    let sizes = |from: f64, to: f64| {
        let steps = ((from - to) * 2.0).round() as usize;
        (0..=steps).map(move |i| from - i as f64 * 0.5)
    };
    for fs in sizes(MAX_FONT, HYPHENATE_BELOW) {
        if let Some(l) = try_layout(&plain, fs) {
            return l;
        }
    }
    let hyphenated = |fs: f64| -> Vec<Token> {
        plain
            .iter()
            .flat_map(|t| {
                let pieces = hyphenate(&t.text, patterns, fs, 2.0 * TEXT_RADIUS * 0.72);
                let last = pieces.len() - 1;
                pieces.into_iter().enumerate().map(move |(i, p)| Token {
                    text: p,
                    space_before: i == 0 && t.space_before,
                    soft_hyphen: i < last,
                })
            })
            .collect()
    };
    for fs in sizes(MAX_FONT, MIN_FONT) {
        if let Some(l) = try_layout(&hyphenated(fs), fs) {
            return l;
        }
    }
    // Too long for five lines even so: keep the first lines and squeeze them.
    let toks = hyphenated(MIN_FONT);
    let s = slots(MAX_LINES, MIN_FONT).unwrap_or_default();
    let per_line = toks.len().div_ceil(MAX_LINES).max(1);
    let lines: Vec<String> = toks
        .chunks(per_line)
        .map(|c| {
            let mut line = c[0].text.clone();
            for w in c.windows(2) {
                line = append(&line, &w[0], &w[1]);
            }
            line
        })
        .collect();
    finish(lines, &s, MIN_FONT)
}

/// Writes `<lang>/badges/<id>.svg` for every badge and language without an `image`. Returns the
/// count.
pub fn write_images(
    site: &Site,
    staging: &Staging,
    engines: &Engines,
) -> Result<usize, Diagnostics> {
    if !engines.has("badge.svg") {
        return Ok(0);
    }
    let jobs: Vec<(usize, Lang)> = (0..site.badges.len())
        .flat_map(|b| site.config.langs().map(move |l| (b, l)))
        .filter(|&(b, l)| crate::render::badges::given_image(site, b, l).is_none())
        .collect();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(b, lang)| {
            let badge = &site.badges[b];
            let doc = badge.doc.for_lang(lang);
            let name = pick(doc, &badge.doc.source, |m| m.name.as_ref())
                .cloned()
                .unwrap_or_default();
            let description = pick(doc, &badge.doc.source, |m| m.description.as_ref())
                .cloned()
                .unwrap_or_default();
            let layout = layout(&name, &doc.lang);
            let mut ctx = tera::Context::new();
            ctx.insert("id", &badge.id);
            ctx.insert("name", &name);
            ctx.insert("description", &description);
            let lines: Vec<serde_json::Value> = layout
                .lines
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "text": l.text,
                        "y": format!("{:.1}", l.y),
                        "squeeze": (l.width > l.room).then(|| format!("{:.1}", l.room)),
                    })
                })
                .collect();
            ctx.insert("lines", &lines);
            ctx.insert("font_size", &format!("{:.1}", layout.font_size));
            // The language of the text: a fallback name is in the default language.
            ctx.insert("lang", &doc.lang);
            ctx.insert(
                "dir",
                site.config
                    .language(&doc.lang)
                    .map(|l| l.dir)
                    .unwrap_or("ltr"),
            );
            ctx.insert(
                "hue",
                &(badge
                    .id
                    .bytes()
                    .fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32))
                    % 360),
            );
            // The template picks the icon: by the unit of a one-unit badge, else a star.
            let unit_number = badge.units.first().map(|u| u + 1).unwrap_or(0);
            ctx.insert("unit_number", &unit_number);
            ctx.insert("cross_unit", &(badge.units.len() != 1));
            let path = crate::render::badges::generated_image_path(site, b, lang);
            engines
                .render(lang.code(), "badge.svg", &ctx, &site.config.root)
                .and_then(|svg| {
                    staging
                        .write(&path, svg.as_bytes())
                        .map_err(|e| Diagnostic::error(&path, e.to_string()))
                })
                .err()
        })
        .collect();
    if errors.is_empty() {
        Ok(jobs.len())
    } else {
        Err(Diagnostics(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name read back from the lines: hyphenation undone, lines joined by spaces.
    fn read_back(l: &Layout) -> String {
        let mut s = String::new();
        for line in &l.lines {
            if !s.is_empty() && !s.ends_with('-') {
                s.push(' ');
            }
            if s.ends_with('-') && !line.text.is_empty() {
                s.pop();
            }
            s.push_str(&line.text);
        }
        s
    }

    const NAMES: &[(&str, &str)] = &[
        ("Heritage Explorer", "en"),
        ("Young Heritage Guardian", "en"),
        ("Jaunasis paveldo sergėtojas", "lt"),
        ("Lietuvos paveldo gidas", "lt"),
        ("Atsakingas keliautojas", "lt"),
        ("Explorateur du patrimoine", "fr"),
        (
            "Pasaulio paveldo kultūrinio kraštovaizdžio tyrinėtojas",
            "lt",
        ),
        ("Nebeprisikiškiakopūsteliaudavome", "lt"),
        ("Ambassadeur de la sauvegarde intergénérationnelle", "fr"),
        ("مستكشف التراث العالمي", "ar"),
        ("Incomprehensibilities Champion", "en"),
        (
            "Nacionalinio kultūros paveldo išsaugojimo savanorystės programos koordinatorius",
            "lt",
        ),
        ("X", "en"),
    ];

    #[test]
    fn every_line_fits_inside_the_circle() {
        for &(name, lang) in NAMES {
            let l = layout(name, lang);
            assert!(!l.lines.is_empty(), "{name}");
            assert!(l.lines.len() <= MAX_LINES, "{name}: {l:?}");
            assert!((MIN_FONT..=MAX_FONT).contains(&l.font_size), "{name}");
            if !l.squeezed {
                for line in &l.lines {
                    assert!(line.width <= line.room, "{name}: {line:?}");
                    assert!(line.y - ASCENT * l.font_size >= TEXT_TOP - 0.01, "{name}");
                    assert!(
                        line.y + DESCENT * l.font_size <= TEXT_BOTTOM + 0.01,
                        "{name}"
                    );
                }
            }
        }
    }

    #[test]
    fn names_are_kept_whole_and_readable() {
        for &(name, lang) in NAMES.iter().take(11) {
            let l = layout(name, lang);
            assert!(!l.squeezed, "{name}: {l:?}");
            assert_eq!(read_back(&l), name, "{l:?}");
        }
        // Short names get a big font; the longest Lithuanian word is hyphenated, not shrunk to dust.
        assert!(layout("Heritage Explorer", "en").font_size >= 20.0);
        let long = layout("Nebeprisikiškiakopūsteliaudavome", "lt");
        assert!(long.lines.len() >= 2, "{long:?}");
        assert!(long.font_size >= 14.0, "{long:?}");
        assert!(long.lines[0].text.ends_with('-'));
    }

    #[test]
    fn hyphenation_follows_the_language_patterns() {
        let cut = |word: &str, lang: &str, room: f64| hyphenate(word, patterns(lang), 20.0, room);
        for (word, lang, room) in [
            ("kraštovaizdžio", "lt", 110.0),
            ("Nebeprisikiškiakopūsteliaudavome", "lt", 110.0),
            ("intergénérationnelle", "fr", 120.0),
            ("Responsible", "en", 90.0),
        ] {
            let pieces = cut(word, lang, room);
            assert!(pieces.len() >= 2, "{pieces:?}");
            assert_eq!(pieces.concat().replace('-', ""), word);
            for p in &pieces[..pieces.len() - 1] {
                assert!(p.ends_with('-'));
                assert!(text_width(p, 20.0) <= room, "{p}");
            }
        }
        // The last break that fits of those the patterns allow ("kraš-to-vaiz-džio", "Ne-be-pri-si-
        // kiš-kia-ko-pūs-te-liau-da-vo-me", "in-ter-gé-né-ra-tion-nelle", "Re-spon-si-ble").
        assert_eq!(cut("kraštovaizdžio", "lt", 110.0), ["krašto-", "vaizdžio"]);
        assert_eq!(
            cut("Nebeprisikiškiakopūsteliaudavome", "lt", 120.0),
            ["Nebepri-", "sikiškia-", "kopūste-", "liaudavo-", "me"]
        );
        assert_eq!(
            cut("intergénérationnelle", "fr", 120.0),
            ["intergé-", "nération-", "nelle"]
        );
        assert_eq!(cut("Responsible", "en-GB", 90.0), ["Re-", "sponsi-", "ble"]);
        // A compound's own hyphen is no place for another: "Vilnius-" breaks as "Vil-nius-".
        assert_eq!(cut("Vilnius-", "lt", 80.0), ["Vil-", "nius-"]);
        // A language without patterns: after the longest prefix that fits.
        assert!(patterns("ar").is_none() && patterns("fil").is_none() && patterns("x").is_none());
        assert_eq!(patterns("pt_BR"), Some(hypher::Lang::Portuguese));
        assert_eq!(cut("kraštovaizdžio", "ar", 110.0), ["kraštov-", "aizdžio"]);
    }
}
