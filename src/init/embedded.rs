//! The files `paveldas init` copies rather than generates: every file of the default theme and
//! the shipped UI strings, put into the binary at compile time by `build.rs` as `include_bytes!`
//! tables, so an installed binary needs no source tree.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The shipped `.ftl` files of language `code`, as `(file name, bytes)`; empty for a language
/// paveldas ships no UI strings for.
pub fn locale(code: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    LOCALES.iter().filter_map(move |(rel, bytes)| {
        let (lang, name) = rel.split_once('/')?;
        (lang == code).then_some((name, *bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_the_repository_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(THEME.iter().any(|(p, _)| *p == "templates/base.html"));
        assert!(THEME.iter().any(|(p, _)| *p == "static/assets/style.css"));
        for (rel, bytes) in THEME {
            assert_eq!(
                std::fs::read(root.join("themes/default").join(rel)).unwrap(),
                *bytes,
                "{rel}"
            );
        }
        let en: Vec<_> = locale("en").map(|(n, _)| n).collect();
        assert_eq!(en, ["main.ftl"]);
        assert_eq!(locale("xx").count(), 0);
        for (rel, bytes) in LOCALES {
            assert_eq!(
                std::fs::read(root.join("locales").join(rel)).unwrap(),
                *bytes
            );
        }
    }
}
