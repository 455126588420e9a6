//! Generated badge images: where a badge has no `image`, an SVG is rendered per language from the
//! theme's `badge.svg` template with the localized name wrapped onto lines.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{pick, Site};
use crate::output::Staging;
use crate::templates::Engines;
use rayon::prelude::*;

/// Splits a badge name into at most `max_lines` lines of about `width` characters. Words longer than
/// a line (long Lithuanian compounds) stay whole; the template shrinks the font to fit them.
pub fn wrap(name: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    while lines.len() > max_lines {
        let extra = lines.pop().unwrap_or_default();
        if let Some(last) = lines.last_mut() {
            last.push(' ');
            last.push_str(&extra);
        }
    }
    lines
}

/// Writes `<lang>/badges/<id>.svg` for every badge without an `image`. Returns the count.
pub fn write_images(
    site: &Site,
    staging: &Staging,
    engines: &Engines,
    languages: &[String],
) -> Result<usize, Diagnostics> {
    if !engines.has("badge.svg") {
        return Ok(0);
    }
    let jobs: Vec<(usize, &String)> = site
        .badges
        .iter()
        .enumerate()
        .filter(|(_, b)| b.doc.source.meta.image.is_none())
        .flat_map(|(i, _)| languages.iter().map(move |l| (i, l)))
        .collect();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(b, lang)| {
            let badge = &site.badges[b];
            let doc = badge.doc.for_lang(lang);
            let name = pick(doc, &badge.doc.source, |m| m.name.as_ref())
                .cloned()
                .unwrap_or_default();
            let lines = wrap(&name, 14, 4);
            let longest = lines
                .iter()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(1)
                .max(1);
            // 150px of text width at 0.6em per character, between 11 and 20px.
            let font_size = (150.0 / (longest as f64 * 0.6)).clamp(9.0, 20.0);
            let mut ctx = tera::Context::new();
            ctx.insert("id", &badge.id);
            ctx.insert("name", &name);
            let n = lines.len() as f64;
            let lines: Vec<serde_json::Value> = lines
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let y = 148.0 + (i as f64 - (n - 1.0) / 2.0) * font_size * 1.2;
                    serde_json::json!({ "text": text, "y": format!("{y:.1}") })
                })
                .collect();
            ctx.insert("lines", &lines);
            ctx.insert("font_size", &format!("{font_size:.1}"));
            ctx.insert("lang", lang);
            ctx.insert(
                "dir",
                site.config.language(lang).map(|l| l.dir).unwrap_or("ltr"),
            );
            ctx.insert(
                "hue",
                &(badge
                    .id
                    .bytes()
                    .fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32))
                    % 360),
            );
            let unit_number = badge.units.first().map(|u| u + 1).unwrap_or(0);
            ctx.insert("unit_number", &unit_number);
            let path = format!("{lang}/badges/{}.svg", badge.id);
            engines
                .render(lang, "badge.svg", &ctx, &site.config.root)
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
    use super::wrap;

    #[test]
    fn wraps_words() {
        assert_eq!(
            wrap("Young Heritage Guardian", 14, 3),
            vec!["Young Heritage", "Guardian"]
        );
        assert_eq!(
            wrap("Jaunasis paveldo sergėtojas", 14, 3),
            vec!["Jaunasis", "paveldo", "sergėtojas"]
        );
        assert_eq!(
            wrap(
                "Pasaulio paveldo kultūrinio kraštovaizdžio tyrinėtojas",
                10,
                2
            )
            .len(),
            2
        );
    }
}
