//! Diagnostics: the errors and warnings every stage reports, printed the way compilers print them
//! (`path:line:col: error: message`, then the offending source line and a hint).
//!
//! Bad input is normal input: stages collect diagnostics instead of stopping at the first one, and a
//! stage that found errors returns them all as one [`Diagnostics`] value.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors fail `build` and `check`; warnings are printed and do not;
/// notes tell what a build left out on purpose (e.g. badge JSON without a `base_url`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// What a diagnostic is about, where a stage must tell one kind from another: by this, never by
/// the message's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Other,
    /// A template uses a message id that no `.ftl` file defines: reported once at the
    /// template's line by [`crate::render::templates::unknown_message_ids`], so the same error
    /// from rendering a page is a repeat.
    UnknownMessageId,
}

/// One finding about the input, pointing at a file and, where known, a line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    #[serde(skip)]
    pub kind: Kind,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            col: None,
            message: message.into(),
            hint: None,
            source_line: None,
            kind: Kind::Other,
        }
    }

    /// A named pipe, socket or device where content belongs: reading a pipe would wait forever.
    pub fn not_regular_file(file: impl Into<PathBuf>, dir: &str) -> Self {
        Diagnostic::error(file, "not a regular file (a pipe, socket or device)").hint(format!(
            "remove it from {dir}/; paveldas reads only ordinary files"
        ))
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn note(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line.max(1));
        self.col = Some(col.max(1));
        self
    }

    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line.max(1));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the text of the diagnostic's line from `lines`, the whole file's index (for many
    /// diagnostics in one file).
    pub fn with_source_of(mut self, lines: &LineIndex) -> Self {
        if let Some(line) = self.line {
            self.source_line = lines
                .line(line)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Attaches the text of the diagnostic's line from `text`, the whole file.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as printed in front of the message.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.col {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }

    /// Makes the file path relative to `root` for printing.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let (Some(line), Some(src)) = (self.line, &self.source_line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            write!(f, "\n{pad} |\n{num} | {src}")?;
            if let Some(col) = self.col {
                let caret_pad: String = src
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {caret_pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics; the error value of every stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorted by file, then line, for output grouped by file like a compiler's.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity).cmp(&(&b.file, b.line, b.col, b.severity))
        });
        self.0.dedup();
        self
    }

    /// Ok when there are no errors (warnings are kept by the caller).
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Decodes a file's bytes as UTF-8; the first invalid byte is an error at its line:col.
pub fn decode_utf8(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    // simdutf8 checks text with many non-ASCII letters (Lithuanian, French) several times faster
    // than the standard library; every content file is checked, most of them twice.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let (line, col) = line_col(prefix, valid);
        Diagnostic::error(file, "the file is not valid UTF-8")
            .at(line, col)
            .hint("save the file as UTF-8 in your editor; the column points at the first byte that is not")
    })
}

/// 1-based line and column of byte `offset` in `text` (columns count characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Finds line and column of increasing byte offsets in one text without rescanning it from the
/// start each time (links in a body are found in order).
pub struct LineCursor<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCursor {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.pos {
            *self = LineCursor::new(self.text);
        }
        let bytes = &self.text.as_bytes()[self.pos..offset];
        if let Some(last) = memchr::memrchr(b'\n', bytes) {
            self.line += memchr::memchr_iter(b'\n', bytes).count();
            self.line_start = self.pos + last + 1;
        }
        self.pos = offset;
        (
            self.line,
            self.text[self.line_start..offset].chars().count() + 1,
        )
    }
}

/// Line starts of one text, for line/column and line-text look-ups in any order without
/// rescanning the text (a file with many messages or headings asks for many of them).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of every line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`, as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The text of 1-based line `line` without its line end, as `text.lines().nth(line - 1)`.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        let l = &self.text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(word, c);
        let limit = (c.chars().count().max(word.chars().count()) / 3).max(1) + 1;
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nčd x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, t.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn cursor_matches_line_col() {
        let t = "ab\nčd x\n\nlast";
        let mut c = LineCursor::new(t);
        for off in [0, 2, 3, 5, 8, 10, 12, 1] {
            assert_eq!(c.locate(off), line_col(t, off), "offset {off}");
        }
    }

    #[test]
    fn line_index_matches_line_col_and_lines() {
        for t in ["ab\nčd x\n\nlast", "", "\n", "a\r\nb\r\n", "x\n\n", "one"] {
            let ix = LineIndex::new(t);
            for off in 0..=t.len() + 1 {
                assert_eq!(ix.line_col(off), line_col(t, off), "{t:?} offset {off}");
            }
            for n in 1..6 {
                assert_eq!(ix.line(n), t.lines().nth(n - 1), "{t:?} line {n}");
            }
        }
    }

    #[test]
    fn suggests_close_keys() {
        let keys = ["title", "summary", "objectives"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("objective", keys), Some("objectives"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn display_is_compiler_like() {
        let d = Diagnostic::error("content/a.md", "bad thing")
            .at(2, 3)
            .with_source("x\nabcdef\n")
            .hint("fix it");
        let s = d.to_string();
        assert!(s.starts_with("content/a.md:2:3: error: bad thing"));
        assert!(s.contains("2 | abcdef"));
        assert!(s.contains("= hint: fix it"));
    }
}
