//! Part of loading: the rules of a page's front matter (`content/pages/<slug>.md`) beyond its
//! types: `menu` naming known menus, and translations that
//! leave `menu` and `weight` to the source or repeat them unchanged.

use crate::diagnostic::{did_you_mean, Diagnostics};
use crate::load::yaml::Fragment;
use crate::model::{Menu, PageMeta, Variants};

/// Checks the menus a page's parsed front matter names.
pub fn check_meta(frag: &Fragment, meta: &PageMeta) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let known: Vec<&str> = Menu::ALL.iter().map(|m| m.key()).collect();
    for name in meta.menu.iter().flat_map(|n| &n.0) {
        if known.contains(&name.as_str()) {
            continue;
        }
        let d = frag.error_for_item("menu", name, format!("unknown menu `{name}`"));
        diags.push(match did_you_mean(name, known.iter().copied()) {
            Some(s) => d.hint(format!(
                "did you mean `{s}`? The menus are `main` (the header) and `footer`"
            )),
            None => d.hint(
                "the menus are `main` (the header navigation) and `footer`: `menu: main`, or `menu: [main, footer]`",
            ),
        });
    }
    diags
}

/// Gives the type errors of `menu` and `weight` a hint that says what they take.
pub fn type_hints(mut diags: Diagnostics) -> Diagnostics {
    for d in &mut diags.0 {
        let hint = if d.message.starts_with("menu: invalid type") {
            "write `menu: main` (the header), `menu: footer`, or `menu: [main, footer]`"
        } else if d.message.starts_with("weight: invalid type") {
            "`weight` is a whole number, lower first in the menu: `weight: 10`"
        } else {
            continue;
        };
        d.hint = Some(hint.to_string());
    }
    diags
}

/// A translation's `menu` and `weight` must be the source's (or left out): a page sits in the
/// same menus, at the same place, in every language.
pub fn check_translations(v: &Variants<PageMeta>, diags: &mut Diagnostics) {
    let src = &v.source.meta;
    for t in v.translations.values() {
        let frag = Fragment {
            file: &t.path,
            text: &t.front_matter,
            first_line: 2,
        };
        let show = |n: &Option<crate::model::Names>| match n {
            Some(n) if n.0.len() == 1 => format!("`menu: {}`", n.0[0]),
            Some(n) => format!("`menu: [{}]`", n.0.join(", ")),
            None => "no `menu`".to_string(),
        };
        if t.meta.menu.is_some() && t.meta.menu != src.menu {
            diags.push(
                frag.error_for_key(
                    "menu",
                    format!(
                        "{} differs from the default-language file's ({})",
                        show(&t.meta.menu),
                        show(&src.menu)
                    ),
                )
                .hint(format!(
                    "a page is in the same menus in every language: remove `menu` here (it is taken from {})",
                    v.source.path.display()
                )),
            );
        }
        if t.meta.weight.is_some() && t.meta.weight != src.weight {
            let shown = src
                .weight
                .map_or("no `weight`".to_string(), |w| format!("`weight: {w}`"));
            diags.push(
                frag.error_for_key(
                    "weight",
                    format!("`weight` differs from the default-language file's ({shown})"),
                )
                .hint(format!(
                    "a page has the same place in its menus in every language: remove `weight` here (it is taken from {})",
                    v.source.path.display()
                )),
            );
        }
    }
}
