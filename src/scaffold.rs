//! `paveldas new lesson UNIT SLUG`, `paveldas new badge ID` and `paveldas new page SLUG`: new files
//! with every front-matter key filled in with a placeholder, so authors see what they can set. The
//! texts of these files ([`unit_text`], [`lesson_text`], [`badge_text`], [`page_text`]) are also
//! what `paveldas init` writes.

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

fn check_name(what: &str, name: &str) -> Result<(), Diagnostic> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Diagnostic::error(name, format!("`{name}` is not a valid {what} name"))
            .hint("use letters, digits and `-`, e.g. `06-lithuania` or `curonian-spit`; it becomes part of the URL"));
    }
    Ok(())
}

fn create(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(Diagnostic::error(path, "already exists")
            .hint("choose another name; paveldas never overwrites content"));
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)
            .map_err(|e| Diagnostic::error(p, format!("cannot create directory: {e}")))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::error(path, format!("cannot write: {e}")))
}

/// Creates `content/lessons/<unit>/<slug>.md` (and the unit's `_index.md` if the unit is new).
/// Returns the files created.
pub fn new_lesson(root: &Path, unit: &str, slug: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    check_name("unit", unit)?;
    check_name("lesson", slug)?;
    let dir = root.join("content/lessons").join(unit);
    let mut made = Vec::new();
    let index = dir.join("_index.md");
    if !index.exists() {
        create(&index, &unit_text(unit, 99))?;
        made.push(index);
    }
    let path = dir.join(format!("{slug}.md"));
    let title = slug.replace(['-', '_'], " ");
    create(&path, &lesson_text(unit, &title, 99, &[]))?;
    made.push(path);
    Ok(made)
}

/// Creates `content/badges/<id>.md`.
pub fn new_badge(root: &Path, id: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    check_name("badge", id)?;
    let path = root.join("content/badges").join(format!("{id}.md"));
    let name = id.replace(['-', '_'], " ");
    create(&path, &badge_text(&name))?;
    Ok(vec![path])
}

/// Creates `content/pages/<slug>.md`; a slug paveldas needs for its own pages is refused.
pub fn new_page(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    check_name("page", slug)?;
    let folded = crate::load::nfc::fold(slug);
    let reserved = crate::output::names::RESERVED_PAGE_SLUGS;
    if let Some((name, what)) = reserved.iter().find(|(n, _)| *n == folded) {
        return Err(Diagnostic::error(
            slug,
            format!("`{slug}` is reserved: paveldas's {what} needs the name `{name}`"),
        )
        .hint(format!("choose another name, e.g. `about-{slug}`")));
    }
    let path = root.join("content/pages").join(format!("{slug}.md"));
    let title = slug.replace(['-', '_'], " ");
    create(
        &path,
        &page_text(
            &title,
            "Write the page here. Link to a lesson by its source file, relative to this one, as in\n`[Kernavė](../lessons/06-lithuania/kernave.md)`; paveldas writes the page's URL.\n",
        ),
    )?;
    Ok(vec![path])
}

/// A page of `content/pages/` titled `title`, in the footer menu, with `body`.
pub fn page_text(title: &str, body: &str) -> String {
    format!(
        r#"---
title: {title}
summary: "One sentence for search and the page description."
menu: footer                # optional: main (the header), footer, or [main, footer]
weight: 10                  # optional: order in the menu, lower first (ties by title)
---

{body}"#,
        title = yaml_string(title)
    )
}

/// A YAML scalar holding `text` exactly: a JSON string is a valid YAML double-quoted one.
pub fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// A unit's `_index.md` titled `title`, at position `order` among the units.
pub fn unit_text(title: &str, order: u32) -> String {
    format!(
        "---\ntitle: {}\norder: {order}\nsummary: \"What this unit is about, in one sentence.\"\n---\n\nIntroduce the unit for teachers here.\n",
        yaml_string(title)
    )
}

/// A lesson of `unit` titled `title`, at position `order`, counting toward `badges`.
pub fn lesson_text(unit: &str, title: &str, order: u32, badges: &[&str]) -> String {
    format!(
        r#"---
title: {title}
summary: "One or two sentences for lists, search and the page description."
unit: {unit}
order: {order}
age: "12-15"
duration_minutes: 45
subjects: [History, Geography]
objectives:
  - Students can explain ...
  - Students can describe ...
badges: [{badges}]
---

Introduce the lesson: why it matters and what students will do.

## Background

The facts a teacher needs.

## Activity

1. Step one (10 minutes).
2. Step two (20 minutes).

## Discussion

Questions to close the lesson.
"#,
        title = yaml_string(title),
        badges = badges.join(", ")
    )
}

/// A badge named `name`.
pub fn badge_text(name: &str) -> String {
    format!(
        r#"---
name: {name}
description: "What earning this badge shows, in one sentence."
criteria:
  - The learner shows ...
  - The learner presents ...
tags: [heritage]
alignment:
  - name: "World Heritage selection criteria"
    url: "https://whc.unesco.org/en/criteria/"
    description: "Which criterion the work relates to."
---

The longer criteria narrative: how to earn the badge, what evidence to hand in and how it is assessed.
Leave out `image` to get a generated badge image.
"#,
        name = yaml_string(name)
    )
}
