//! The text form of `l10n status`: a table per language, then what to do, one `file:line: kind:
//! message` line per item (the format editors and terminals turn into links). Colour only on a
//! terminal, and never with `NO_COLOR`.

use super::findings::{percent, ItemKind, LanguageReport, Report};
use super::findings::{FileKind, State};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

/// ANSI colours, or nothing.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    pub fn stdout() -> Paint {
        Paint {
            on: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        }
    }

    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }

    fn pct(&self, p: f64, width: usize) -> String {
        let s = format!("{:>w$}%", p.floor() as u64, w = width.saturating_sub(1));
        if p >= 100.0 {
            self.green(&s)
        } else if p >= 50.0 {
            self.yellow(&s)
        } else {
            self.red(&s)
        }
    }

    fn kind(&self, k: ItemKind) -> String {
        match k {
            ItemKind::ObsoleteMessage | ItemKind::ObsoleteAttribute => self.dim(k.label()),
            ItemKind::Stale | ItemKind::StaleMessage | ItemKind::Variables => {
                self.yellow(k.label())
            }
            _ => self.red(k.label()),
        }
    }
}

struct Row {
    name: String,
    done: usize,
    total: usize,
    note: String,
}

fn rows(l: &LanguageReport) -> Vec<Row> {
    let mut out = Vec::new();
    let mut groups: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for f in &l.files {
        if f.kind == FileKind::Ftl {
            out.push(Row {
                name: f.path.display().to_string(),
                done: f.translated,
                total: f.total,
                note: String::new(),
            });
            continue;
        }
        let dir = f
            .source
            .parent()
            .map(|p| format!("{}/", p.display()))
            .unwrap_or_default();
        let g = groups.entry(dir).or_default();
        g.0 += f.translated;
        g.1 += f.total;
        g.2 += (f.state == Some(State::Stale)) as usize;
        g.3 += (f.state == Some(State::NotStamped)) as usize;
    }
    for (dir, (done, total, stale, unstamped)) in groups {
        let mut note = Vec::new();
        if stale > 0 {
            note.push(format!("{stale} stale"));
        }
        if unstamped > 0 {
            note.push(format!("{unstamped} not stamped"));
        }
        out.push(Row {
            name: dir,
            done,
            total,
            note: note.join(", "),
        });
    }
    out
}

/// Writes the text report.
pub fn print_text(report: &Report, w: &mut dyn Write, p: Paint) {
    let _ = write_text(report, w, p);
}

fn write_text(report: &Report, w: &mut dyn Write, p: Paint) -> std::io::Result<()> {
    for (n, l) in report.languages.iter().enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        let c = &l.content;
        let mut pages = format!("pages {}/{}", c.translated, c.documents);
        if c.stale > 0 {
            pages.push_str(&format!(", {} stale", c.stale));
        }
        if c.not_stamped > 0 {
            pages.push_str(&format!(", {} not stamped", c.not_stamped));
        }
        writeln!(
            w,
            "{} {}: {} translated (UI strings {}/{} · {pages}; compared with {})",
            p.bold(&l.language),
            l.name,
            p.pct(l.percent, 4).trim_start(),
            l.ui.translated,
            l.ui.strings,
            report.default_language
        )?;
        let rows = rows(l);
        let width = rows
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            w,
            "  {}",
            p.dim(&format!(
                "{:<width$}  {:>6}  {:>5}  {:>4}",
                "file", "done", "total", "%"
            ))
        )?;
        for r in &rows {
            writeln!(
                w,
                "  {:<width$}  {:>6}  {:>5}  {}{}",
                r.name,
                r.done,
                r.total,
                p.pct(percent(r.done, r.total), 4),
                if r.note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", p.yellow(&r.note))
                }
            )?;
        }
        if l.items.is_empty() {
            writeln!(
                w,
                "\n  {}",
                p.green("nothing to do: every string and page is translated and current")
            )?;
            continue;
        }
        writeln!(w)?;
        let mut items: Vec<&super::findings::Item> = l.items.iter().collect();
        items.sort_by_key(|i| (!i.kind.blocking(), i.kind));
        let mut hints = std::collections::HashSet::new();
        for i in items {
            writeln!(w, "  {}: {}: {}", i.location(), p.kind(i.kind), i.message)?;
            for ch in &i.changes {
                let src = i
                    .source
                    .as_ref()
                    .map(|s| s.display().to_string())
                    .unwrap_or_default();
                writeln!(w, "      {src}:{}: {}: {}", ch.line, ch.what, ch.text)?;
            }
            // A hint shared by many items (every untranslated page) is shown once.
            if let Some(h) = i.hint.as_ref().filter(|h| hints.insert(h.as_str())) {
                writeln!(w, "      {}", p.dim(&format!("= hint: {h}")))?;
            }
        }
        let todo = l.blocking();
        let obsolete = l.items.len() - todo;
        let mut summary = format!("{}: {todo} thing(s) to translate or fix", l.language);
        if obsolete > 0 {
            summary.push_str(&format!(", {obsolete} obsolete"));
        }
        writeln!(w, "\n  {}", p.bold(&summary))?;
    }
    Ok(())
}
