//! The UI strings a new site starts with: the shipped `locales/<lang>/*.ftl` of each of its
//! languages, without the kit's own `site-title` (so `title` in `site.yaml` names the new site in
//! every language), translations stamped against the new default-language file when the shipped
//! ones were current, and the English strings for a default language paveldas has none for.

use super::embedded;
use crate::l10n::stamp::{digest_ftl, set_ftl_digest};
use std::path::{Path, PathBuf};

/// `(path under the site root, text)` of every `.ftl` file, and notes for the author.
pub fn files(languages: &[String]) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let default = &languages[0];
    let mut notes = Vec::new();
    let shipped = |lang: &str| -> Vec<(&'static str, String)> {
        embedded::locale(lang)
            .map(|(name, bytes)| (name, without_site_title(&String::from_utf8_lossy(bytes))))
            .collect()
    };
    let mut reference = shipped(default);
    if reference.is_empty() {
        // The default language must have UI strings: start from the English ones, named right.
        let name = crate::load::locales::builtin_name(default).unwrap_or(default);
        reference = shipped("en")
            .into_iter()
            .map(|(file, text)| {
                let text = text.replacen(
                    "\nlanguage-name = English\n",
                    &format!("\nlanguage-name = {name}\n"),
                    1,
                );
                (file, format!("# Copied from the English UI strings by `paveldas init`: translate them.\n{text}"))
            })
            .collect();
        notes.push(format!(
            "paveldas ships no UI strings for `{default}`: locales/{default}/main.ftl holds the English ones, to translate"
        ));
    }
    let mut out: Vec<(PathBuf, String)> = reference
        .iter()
        .map(|(name, text)| (Path::new("locales").join(default).join(name), text.clone()))
        .collect();
    for lang in &languages[1..] {
        let files = shipped(lang);
        if files.is_empty() {
            notes.push(format!(
                "paveldas ships no UI strings for `{lang}`: its pages use the {default} ones until you translate locales/{default}/main.ftl into locales/{lang}/main.ftl"
            ));
        }
        for (name, text) in files {
            let source = reference.iter().find(|(n, _)| *n == name);
            let text = match (source, stamped_current(lang, name)) {
                (Some((_, source)), true) => set_ftl_digest(&text, &digest_ftl(source)),
                _ => text,
            };
            out.push((Path::new("locales").join(lang).join(name), text));
        }
    }
    (out, notes)
}

/// Whether the shipped translation `lang/name` is stamped against the shipped default-language
/// file it translates (English), i.e. up to date.
fn stamped_current(lang: &str, name: &str) -> bool {
    let text = |l: &str| {
        embedded::locale(l)
            .find(|(n, _)| *n == name)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
    };
    let (Some(translation), Some(english)) = (text(lang), text("en")) else {
        return false;
    };
    let stamp = format!("### source_digest: {}", digest_ftl(&english));
    translation.lines().any(|l| l.trim_end() == stamp)
}

/// `text` without the message `site-title` (its line and any indented continuation lines).
fn without_site_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if skipping && line.starts_with([' ', '\t']) {
            continue;
        }
        skipping = line
            .strip_prefix("site-title")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_title_goes_and_the_rest_stays() {
        let t = "# c\nsite-title = A\n  continued\nlanguage-name = B\nsite-title-x = C\n";
        assert_eq!(
            without_site_title(t),
            "# c\nlanguage-name = B\nsite-title-x = C\n"
        );
    }

    #[test]
    fn translations_are_stamped_against_the_new_reference() {
        let (files, notes) = files(&["en".into(), "lt".into()]);
        assert!(notes.is_empty());
        let en = &files
            .iter()
            .find(|(p, _)| p.ends_with("en/main.ftl"))
            .unwrap()
            .1;
        let lt = &files
            .iter()
            .find(|(p, _)| p.ends_with("lt/main.ftl"))
            .unwrap()
            .1;
        assert!(!en.contains("site-title") && !lt.contains("site-title"));
        assert!(
            stamped_current("lt", "main.ftl"),
            "locales/lt/main.ftl is not stamped against locales/en/main.ftl: run `paveldas l10n stamp`"
        );
        assert!(lt.contains(&format!("### source_digest: {}", digest_ftl(en))));
    }
}
