//! Colour contrast (WCAG 2.1 success criterion 1.4.3): relative luminance and contrast ratio of sRGB
//! colours, and [`ensure_css_contrast`], which nudges the text colours of a generated stylesheet (the
//! syntect highlighting themes) until every one reads at the AA ratio against its background.

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The ratio normal-size text needs for WCAG 2.1 AA.
pub const AA_NORMAL: f64 = 4.5;

impl Rgb {
    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa` (the alpha is returned separately, 0–255).
    pub fn parse_hex(s: &str) -> Option<(Rgb, u8)> {
        let h = s.strip_prefix('#')?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        match h.len() {
            3 => {
                let d = |i: usize| u8::from_str_radix(&h[i..=i], 16).ok().map(|v| v * 17);
                Some((Rgb(d(0)?, d(1)?, d(2)?), 255))
            }
            6 => Some((Rgb(byte(0)?, byte(2)?, byte(4)?), 255)),
            8 => Some((Rgb(byte(0)?, byte(2)?, byte(4)?), byte(6)?)),
            _ => None,
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// `self` painted with opacity `alpha` (0–255) over `bg`.
    pub fn over(self, alpha: u8, bg: Rgb) -> Rgb {
        let a = f64::from(alpha) / 255.0;
        let mix = |f: u8, b: u8| (f64::from(f) * a + f64::from(b) * (1.0 - a)).round() as u8;
        Rgb(mix(self.0, bg.0), mix(self.1, bg.1), mix(self.2, bg.2))
    }

    fn toward(self, target: Rgb, t: f64) -> Rgb {
        let mix = |f: u8, g: u8| (f64::from(f) + (f64::from(g) - f64::from(f)) * t).round() as u8;
        Rgb(
            mix(self.0, target.0),
            mix(self.1, target.1),
            mix(self.2, target.2),
        )
    }
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colour closest to `fg` (moving it toward black or white, whichever the background allows)
/// that has at least `min` contrast with `bg`.
pub fn readable(fg: Rgb, bg: Rgb, min: f64) -> Rgb {
    if ratio(fg, bg) >= min {
        return fg;
    }
    let black = Rgb(0, 0, 0);
    let white = Rgb(255, 255, 255);
    let target = if ratio(black, bg) >= ratio(white, bg) {
        black
    } else {
        white
    };
    for step in 1..=100 {
        let c = fg.toward(target, f64::from(step) / 100.0);
        if ratio(c, bg) >= min {
            return c;
        }
    }
    target
}

/// Rewrites every `color:` of a flat stylesheet (no nesting) so that it reaches `min` contrast with the
/// rule's own `background-color`, or with `default_bg` (`.hl-code`'s background when the rule sets
/// none). Everything else is left byte for byte.
pub fn ensure_css_contrast(css: &str, min: f64) -> String {
    let default_bg = rule_bodies(css)
        .find(|(sel, _)| sel.trim() == ".hl-code")
        .and_then(|(_, body)| declaration(body, "background-color"))
        .and_then(|v| Rgb::parse_hex(v).map(|(c, _)| c))
        .unwrap_or(Rgb(255, 255, 255));
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..close];
        let bg = declaration(body, "background-color")
            .and_then(Rgb::parse_hex)
            .map(|(c, a)| c.over(a, default_bg))
            .unwrap_or(default_bg);
        match declaration(body, "color").and_then(|v| Some((v, Rgb::parse_hex(v)?))) {
            Some((value, (fg, alpha))) => {
                let fixed = readable(fg.over(alpha, bg), bg, min);
                if alpha == 255 && fixed == fg {
                    out.push_str(body);
                } else {
                    let decls: Vec<String> = body
                        .split(';')
                        .map(|d| match d.split_once(':') {
                            Some((n, _)) if n.trim() == "color" => {
                                d.replacen(value, &fixed.hex(), 1)
                            }
                            _ => d.to_string(),
                        })
                        .collect();
                    out.push_str(&decls.join(";"));
                }
            }
            None => out.push_str(body),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// `(selector, body)` of each `selector { body }` rule, skipping comments.
fn rule_bodies(css: &str) -> impl Iterator<Item = (&str, &str)> {
    css.split('}').filter_map(|chunk| {
        let (sel, body) = chunk.split_once('{')?;
        let sel = match sel.rfind("*/") {
            Some(i) => &sel[i + 2..],
            None => sel,
        };
        Some((sel, body))
    })
}

/// The value of the declaration `name: value;` in a rule body (`color` does not match
/// `background-color`).
fn declaration<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    body.split(';').find_map(|decl| {
        let (n, v) = decl.split_once(':')?;
        (n.trim() == name).then(|| v.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_wcag_examples() {
        let white = Rgb(255, 255, 255);
        assert!((ratio(Rgb(0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert!((ratio(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic lightest AA grey (4.54:1).
        assert!((ratio(Rgb(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn readable_moves_only_as_far_as_needed() {
        let white = Rgb(255, 255, 255);
        let grey = Rgb(0x96, 0x98, 0x96);
        let fixed = readable(grey, white, AA_NORMAL);
        assert!(ratio(fixed, white) >= AA_NORMAL);
        assert!(ratio(fixed, white) < 5.0, "{fixed:?} darker than needed");
        let dark = Rgb(0x2b, 0x30, 0x3b);
        let fixed = readable(Rgb(0x65, 0x73, 0x7e), dark, AA_NORMAL);
        assert!(ratio(fixed, dark) >= AA_NORMAL);
        assert_eq!(readable(Rgb(0, 0, 0), white, AA_NORMAL), Rgb(0, 0, 0));
    }

    #[test]
    fn stylesheet_colours_reach_the_ratio() {
        let css = "/* t */\n.hl-code {\n color: #323232;\n background-color: #ffffff;\n}\n\n.hl-comment {\n color: #969896;\nfont-style: italic;\n}\n.hl-invalid {\n color: #f8f8f8;\n background-color: #b52a1d;\n}\n.hl-ok {\n color: #183691;\n}\n";
        let out = ensure_css_contrast(css, AA_NORMAL);
        for (sel, body) in rule_bodies(&out) {
            let fg = Rgb::parse_hex(declaration(body, "color").unwrap())
                .unwrap()
                .0;
            let bg = declaration(body, "background-color")
                .map(|v| Rgb::parse_hex(v).unwrap().0)
                .unwrap_or(Rgb(255, 255, 255));
            assert!(ratio(fg, bg) >= AA_NORMAL, "{sel}: {fg:?} on {bg:?}");
        }
        assert!(out.contains("color: #183691;"), "{out}");
        assert!(out.contains("font-style: italic;"));
        assert!(!out.contains("#969896"));
    }

    #[test]
    fn parses_short_and_alpha_hex() {
        assert_eq!(Rgb::parse_hex("#fff"), Some((Rgb(255, 255, 255), 255)));
        assert_eq!(
            Rgb::parse_hex("#11223380"),
            Some((Rgb(0x11, 0x22, 0x33), 0x80))
        );
        assert_eq!(Rgb::parse_hex("#12345"), None);
        assert_eq!(Rgb::parse_hex("red"), None);
    }
}
