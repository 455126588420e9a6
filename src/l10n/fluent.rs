//! Comparing a language's `.ftl` files with the default language's, with the Fluent syntax AST:
//! missing and obsolete messages and attributes, variables that differ (`{ $count }` in the source,
//! absent or misspelt in the translation, selectors included), and syntax errors at file:line:col.
//! A file with syntax errors is still compared: only the broken entries are left out.

use super::findings::{Item, ItemKind};
use crate::diagnostic::{did_you_mean, LineIndex};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// One translatable string: a message or term value, or an attribute (`id.attr`).
#[derive(Debug, Clone)]
pub struct Unit {
    pub line: usize,
    pub col: usize,
    pub vars: BTreeSet<String>,
    pub words: usize,
    /// The pattern's structure and text, to tell whether a source message changed.
    pub shape: String,
    /// Its first source line, for messages.
    pub excerpt: String,
}

/// What a `.ftl` file defines, by message id (`-term` for terms; `id.attr` for attributes).
#[derive(Debug, Clone, Default)]
pub struct FtlFile {
    pub path: PathBuf,
    /// Entries in file order; the value of a message without one is absent.
    pub units: BTreeMap<String, Unit>,
    pub order: Vec<String>,
    /// Entry ids whose definition was broken by a syntax error, with the error's line.
    pub broken: BTreeMap<String, usize>,
    /// Syntax errors: (line, col, message, id if known).
    pub errors: Vec<(usize, usize, String, Option<String>)>,
    /// Digest of the file's text (`stamp::digest_ftl`).
    pub digest: String,
    /// `### source_digest: <hex>` of a stamped translation, with its line.
    pub stamp: Option<(String, usize)>,
}

fn offset(src: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(src.as_ptr() as usize)
}

/// Parses one `.ftl` text (a leading BOM is ignored).
pub fn parse(path: &Path, text: &str) -> FtlFile {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (res, errors) = match fluent_syntax::parser::parse(src) {
        Ok(r) => (r, Vec::new()),
        Err((r, e)) => (r, e),
    };
    let mut file = FtlFile {
        path: path.to_path_buf(),
        digest: super::stamp::digest_ftl(text),
        stamp: src.lines().enumerate().find_map(|(i, l)| {
            l.strip_prefix("### source_digest:")
                .map(|d| (d.trim().to_ascii_lowercase(), i + 1))
        }),
        ..Default::default()
    };
    // Every message asks for its line and column, and the excerpt of its line: looked up in an index
    // of line starts, never by counting lines from the start of the file.
    let lines = LineIndex::new(src);
    let add = |id: String, at: &str, pattern: &ast::Pattern<&str>, file: &mut FtlFile| {
        let (line, col) = lines.line_col(offset(src, at));
        let mut vars = BTreeSet::new();
        pattern_vars(pattern, &mut vars);
        file.order.push(id.clone());
        file.units.insert(
            id,
            Unit {
                line,
                col,
                vars,
                words: pattern_words(pattern),
                shape: format!("{pattern:?}"),
                excerpt: lines.line(line).unwrap_or("").trim().to_string(),
            },
        );
    };
    let mut junk_starts = Vec::new();
    for entry in &res.body {
        let (id, name, value, attributes) = match entry {
            ast::Entry::Message(m) => (
                m.id.name.to_string(),
                m.id.name,
                m.value.as_ref(),
                &m.attributes,
            ),
            ast::Entry::Term(t) => (
                format!("-{}", t.id.name),
                t.id.name,
                Some(&t.value),
                &t.attributes,
            ),
            ast::Entry::Junk { content } => {
                let id: String = content
                    .trim_start_matches('-')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                let dash = if content.starts_with('-') { "-" } else { "" };
                let id = (!id.is_empty()
                    && content[dash.len() + id.len()..]
                        .trim_start()
                        .starts_with('='))
                .then(|| format!("{dash}{id}"));
                junk_starts.push((
                    offset(src, content),
                    offset(src, content) + content.len(),
                    id,
                ));
                continue;
            }
            _ => continue,
        };
        match value {
            Some(p) => add(id.clone(), name, p, &mut file),
            None => {
                // Keep the position of a value-less message for obsolete/missing attributes.
                file.order.push(id.clone());
            }
        }
        for a in attributes {
            add(
                format!("{id}.{}", a.id.name),
                a.id.name,
                &a.value,
                &mut file,
            );
        }
    }
    for e in errors {
        let (line, col) = lines.line_col(e.pos.start);
        // Junk entries are in file order and do not overlap (two may touch): the first that holds
        // the error is among the last two that start at or before it.
        let after = junk_starts.partition_point(|(s, _, _)| *s <= e.pos.start);
        let junk = junk_starts[after.saturating_sub(2)..after]
            .iter()
            .find(|(s, end, _)| (*s..=*end).contains(&e.pos.start));
        let id = junk.and_then(|(_, _, id)| id.clone());
        let mut message = format!("Fluent syntax error: {}", e.kind);
        if let (Some(id), Some((start, _, _))) = (&id, junk) {
            let entry_line = lines.line_col(*start).0;
            file.broken.entry(id.clone()).or_insert(entry_line);
            message.push_str(&format!(" (in `{id}`, line {entry_line})"));
        }
        file.errors.push((line, col, message, id));
    }
    file
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    use ast::InlineExpression as I;
    let args = |a: &ast::CallArguments<&str>, out: &mut BTreeSet<String>| {
        for p in &a.positional {
            inline_vars(p, out);
        }
        for n in &a.named {
            inline_vars(&n.value, out);
        }
    };
    match e {
        I::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        I::FunctionReference { arguments, .. } => args(arguments, out),
        I::TermReference {
            arguments: Some(a), ..
        } => args(a, out),
        I::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// Words of a pattern as a reader sees it: text of the default variant, one per placeable.
fn pattern_words(p: &ast::Pattern<&str>) -> usize {
    p.elements
        .iter()
        .map(|el| match el {
            ast::PatternElement::TextElement { value } => value.split_whitespace().count(),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } => variants
                .iter()
                .find(|v| v.default)
                .map(|v| pattern_words(&v.value))
                .unwrap_or(0),
            ast::PatternElement::Placeable { .. } => 1,
        })
        .sum()
}

/// Counts of one compared file.
#[derive(Debug, Clone, Default)]
pub struct Compared {
    pub total: usize,
    pub translated: usize,
    pub words: usize,
    pub translated_words: usize,
}

fn vars_list(v: &BTreeSet<&String>) -> String {
    v.iter()
        .map(|x| format!("{{ ${x} }}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compares `tr` (the translation of `reference`, `None` when the file does not exist) in the site
/// at `root` (where stamped sources are looked up).
pub fn compare(
    reference: &FtlFile,
    tr: Option<&FtlFile>,
    tr_path: &Path,
    root: &Path,
) -> (Compared, Vec<Item>) {
    let mut c = Compared::default();
    let mut items = Vec::new();
    for u in reference.units.values() {
        c.total += 1;
        c.words += u.words;
    }
    let Some(tr) = tr else {
        items.push(
            Item::new(
                ItemKind::MissingFile,
                &reference.path,
                1,
                format!(
                    "{} does not exist: {} strings to translate",
                    tr_path.display(),
                    c.total
                ),
            )
            .hint(format!(
                "copy {} to {} and translate it",
                reference.path.display(),
                tr_path.display()
            )),
        );
        return (c, items);
    };
    for e in &tr.errors {
        let mut it = Item::new(ItemKind::SyntaxError, &tr.path, e.0, e.2.clone()).col(e.1);
        it.id = e.3.clone();
        items.push(it.hint(
            "the broken message is left out (the default language's text is shown); fix the syntax",
        ));
    }
    // Entry ids (messages with or without a value), to tell a missing attribute from a missing
    // message without searching the whole file for each.
    let entries = |f: &FtlFile| -> HashSet<String> {
        f.order
            .iter()
            .filter(|x| !x.contains('.'))
            .cloned()
            .collect()
    };
    let tr_entries = entries(tr);
    for id in &reference.order {
        let Some(u) = reference.units.get(id) else {
            continue;
        };
        let Some(t) = tr.units.get(id) else {
            let entry = id.split('.').next().unwrap_or(id);
            if tr.broken.contains_key(entry) {
                continue; // reported as a syntax error
            }
            let kind = if id.contains('.') && tr_entries.contains(entry) {
                ItemKind::MissingAttribute
            } else {
                ItemKind::MissingMessage
            };
            let what = if kind == ItemKind::MissingAttribute {
                "attribute"
            } else {
                "message"
            };
            items.push(
                Item::new(
                    kind,
                    &reference.path,
                    u.line,
                    format!("{what} `{id}` is not in {}", tr_path.display()),
                )
                .col(u.col)
                .id(id),
            );
            continue;
        };
        c.translated += 1;
        c.translated_words += u.words;
        let missing: BTreeSet<&String> = u.vars.difference(&t.vars).collect();
        let unknown: BTreeSet<&String> = t.vars.difference(&u.vars).collect();
        if !missing.is_empty() || !unknown.is_empty() {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("{} missing", vars_list(&missing)));
            }
            if !unknown.is_empty() {
                parts.push(format!("{} not in the source", vars_list(&unknown)));
            }
            let mut item = Item::new(
                ItemKind::Variables,
                &tr.path,
                t.line,
                format!("`{id}`: {}", parts.join("; ")),
            )
            .col(t.col)
            .id(id);
            let guess = unknown.iter().find_map(|x| {
                did_you_mean(x, missing.iter().map(|m| m.as_str()))
                    .map(|m| format!("`${x}` should probably be `${m}`"))
            });
            item = item.hint(guess.unwrap_or_else(|| {
                format!(
                    "the source uses {}",
                    if u.vars.is_empty() {
                        "no variables".to_string()
                    } else {
                        vars_list(&u.vars.iter().collect())
                    }
                )
            }));
            items.push(item);
        }
    }
    items.extend(stale_messages(reference, tr, root));
    let reference_entries = entries(reference);
    for id in &tr.order {
        let Some(t) = tr.units.get(id) else {
            continue;
        };
        let entry = id.split('.').next().unwrap_or(id);
        if reference.units.contains_key(id) || reference.broken.contains_key(entry) {
            continue;
        }
        let kind = if id.contains('.') && reference_entries.contains(entry) {
            ItemKind::ObsoleteAttribute
        } else {
            ItemKind::ObsoleteMessage
        };
        items.push(
            Item::new(
                kind,
                &tr.path,
                t.line,
                format!("`{id}` is not in {}", reference.path.display()),
            )
            .col(t.col)
            .id(id)
            .hint("remove it, or rename it to the id the source uses now"),
        );
    }
    (c, items)
}

/// Messages of a stamped translation whose source text changed since the stamp.
fn stale_messages(reference: &FtlFile, tr: &FtlFile, root: &Path) -> Vec<Item> {
    let Some((stamped, line)) = &tr.stamp else {
        return Vec::new();
    };
    if *stamped == reference.digest {
        return Vec::new();
    }
    let Some(old) = super::stamp::stamped_source(root, &reference.path, stamped) else {
        let mut item = Item::new(
            ItemKind::StaleMessage,
            &tr.path,
            *line,
            format!(
                "{} changed since this file was stamped; which messages changed is unknown (the stamped version is neither in .paveldas/l10n/ nor in git history)",
                reference.path.display()
            ),
        );
        item.source = Some(reference.path.clone());
        return vec![item.hint("review the file, then run `paveldas l10n stamp <file>`")];
    };
    let old = parse(&reference.path, &old);
    let mut items = Vec::new();
    for id in &reference.order {
        let (Some(u), Some(t), Some(o)) =
            (reference.units.get(id), tr.units.get(id), old.units.get(id))
        else {
            continue;
        };
        if u.shape != o.shape {
            let mut item = Item::new(
                ItemKind::StaleMessage,
                &tr.path,
                t.line,
                format!(
                    "`{id}`: its {} text changed since this file was stamped",
                    reference.path.display()
                ),
            )
            .col(t.col)
            .id(id)
            .hint("update the translation, then run `paveldas l10n stamp <file>`");
            item.source = Some(reference.path.clone());
            item.changes.push(super::findings::Change {
                line: u.line,
                what: "changed".into(),
                text: u.excerpt.clone(),
            });
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> FtlFile {
        parse(Path::new("x.ftl"), t)
    }

    #[test]
    fn collects_variables_inside_selectors_and_functions() {
        let f = p("a = { $n ->\n    [one] { $who } one\n   *[other] { NUMBER($n, minimumFractionDigits: 1) } { -t(case: \"x\") } { F($d) }\n}\n");
        let v: Vec<&str> = f.units["a"].vars.iter().map(String::as_str).collect();
        assert_eq!(v, ["d", "n", "who"]);
    }

    #[test]
    fn finds_missing_obsolete_and_mismatched() {
        let en = p("a = A { $count }\nb = B\n    .title = T\nc = C\n");
        let lt = p("a = A { $cuont }\nb = B\nz = Z\n");
        let (c, items) = compare(&en, Some(&lt), Path::new("lt.ftl"), Path::new("."));
        assert_eq!((c.total, c.translated), (4, 2));
        let kinds: Vec<(ItemKind, usize)> = items.iter().map(|i| (i.kind, i.line)).collect();
        assert_eq!(
            kinds,
            [
                (ItemKind::Variables, 1),
                (ItemKind::MissingAttribute, 3),
                (ItemKind::MissingMessage, 4),
                (ItemKind::ObsoleteMessage, 3)
            ]
        );
        assert!(items[0].hint.as_deref().unwrap().contains("$count"));
    }

    #[test]
    fn a_syntax_error_leaves_out_only_the_broken_entry() {
        let f = p("a = A\nb = { $x\nc = C\n");
        assert!(f.units.contains_key("a") && f.units.contains_key("c"));
        assert_eq!(f.broken.get("b"), Some(&2));
        // Where the parser noticed (as @fluent/syntax reports it), naming the broken message.
        assert_eq!(f.errors[0].0, 3);
        assert!(
            f.errors[0].2.contains("in `b`, line 2"),
            "{}",
            f.errors[0].2
        );
    }
}
