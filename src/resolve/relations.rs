//! The relations between pages that need no Markdown: each lesson's badges and each badge's
//! lessons (both directions), and previous and next lessons. (Lesson names that unit pages need,
//! `index` and `print`, are refused with every other output clash by [`crate::output::names::check`].)

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::load::yaml::Fragment;
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// Fills in every relation and checks badge references.
pub fn link(site: &mut Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    link_badges(site, &mut diags);
    link_neighbours(site);
    diags
}

/// Checks each lesson's `badges` and fills in both directions of the lesson ↔ badge relation.
pub fn link_badges(site: &mut Site, diags: &mut Diagnostics) {
    let ids: HashMap<String, usize> = site
        .badges
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.clone(), i))
        .collect();
    let mut back: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.badges.len()];
    for (u, unit) in site.units.iter_mut().enumerate() {
        for (l, lesson) in unit.lessons.iter_mut().enumerate() {
            let src = &lesson.doc.source;
            for doc in lesson.doc.all() {
                for id in doc.meta.badges.iter().flatten() {
                    if !ids.contains_key(id) {
                        let frag = Fragment {
                            file: &doc.path,
                            text: &doc.front_matter,
                            first_line: 2,
                        };
                        let mut d =
                            frag.error_for_item("badges", id, format!("unknown badge `{id}`"));
                        d = match did_you_mean(id, ids.keys().map(String::as_str)) {
                            Some(s) => d.hint(format!("did you mean `{s}`?")),
                            None => d.hint("badges are the files in content/badges/; the id is the file name without .md"),
                        };
                        diags.push(d);
                    }
                }
            }
            let mut mine = Vec::new();
            let mut seen = HashSet::new();
            for id in src.meta.badges.iter().flatten() {
                if let Some(&b) = ids.get(id) {
                    if seen.insert(b) {
                        mine.push(b);
                        back[b].push((u, l));
                    }
                }
            }
            lesson.badges = mine;
        }
    }
    for (b, lessons) in back.into_iter().enumerate() {
        let badge = &mut site.badges[b];
        let mut units: Vec<usize> = lessons.iter().map(|x| x.0).collect();
        units.dedup();
        badge.units = units;
        if lessons.is_empty() {
            diags.push(
                Diagnostic::warning(
                    &badge.doc.source.path,
                    format!("no lesson counts toward badge `{}`", badge.id),
                )
                .line(1)
                .hint(format!(
                    "add `{}` to the `badges` list of the lessons that lead to it",
                    badge.id
                )),
            );
        }
        badge.lessons = lessons;
    }
}

/// Previous and next lesson in reading order, across units.
fn link_neighbours(site: &mut Site) {
    let order: Vec<(usize, usize)> = site
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| (0..unit.lessons.len()).map(move |l| (u, l)))
        .collect();
    for (i, &(u, l)) in order.iter().enumerate() {
        let lesson = &mut site.units[u].lessons[l];
        lesson.prev = i.checked_sub(1).map(|j| order[j]);
        lesson.next = order.get(i + 1).copied();
    }
}
