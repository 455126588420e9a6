//! What `l10n status` finds, shared by the comparisons ([`super::fluent`], [`super::content`]) and
//! the report ([`super::report`]): items at file:line, the state of a translation, per-file rows and
//! the per-language summaries.

use crate::diagnostic::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Stamped with the source's current digest.
    Current,
    /// Stamped with an older digest: the source changed since.
    Stale,
    /// Translated, without `source_digest`: cannot tell whether it is up to date.
    NotStamped,
    /// No translation file.
    Untranslated,
}

/// A change in the source since a translation was stamped, at a line of the current source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub line: usize,
    /// `changed`, `added`, `removed`, or `front-matter`.
    pub what: String,
    pub text: String,
}

/// What kind of thing a translator has to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    MissingFile,
    MissingMessage,
    MissingAttribute,
    Variables,
    SyntaxError,
    Untranslated,
    Stale,
    StaleMessage,
    ObsoleteMessage,
    ObsoleteAttribute,
}

impl ItemKind {
    /// Whether `--strict` fails on it (everything but leftovers).
    pub fn blocking(self) -> bool {
        !matches!(
            self,
            ItemKind::ObsoleteMessage | ItemKind::ObsoleteAttribute
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::MissingFile => "missing file",
            ItemKind::MissingMessage => "missing",
            ItemKind::MissingAttribute => "missing attribute",
            ItemKind::Variables => "variables",
            ItemKind::SyntaxError => "syntax error",
            ItemKind::Untranslated => "untranslated",
            ItemKind::Stale => "stale",
            ItemKind::StaleMessage => "stale message",
            ItemKind::ObsoleteMessage => "obsolete",
            ItemKind::ObsoleteAttribute => "obsolete attribute",
        }
    }
}

/// One thing to do, at a file and line.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub file: PathBuf,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    /// The Fluent message id (`id`, `id.attr`, `-term`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// For a stale translation: its source, whose lines `changes` refer to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<PathBuf>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

impl Item {
    pub fn new(kind: ItemKind, file: &Path, line: usize, message: String) -> Item {
        Item {
            kind,
            file: file.to_path_buf(),
            line: line.max(1),
            col: None,
            id: None,
            message,
            hint: None,
            source: None,
            changes: Vec::new(),
        }
    }
    pub fn col(mut self, col: usize) -> Item {
        self.col = Some(col);
        self
    }
    pub fn id(mut self, id: &str) -> Item {
        self.id = Some(id.to_string());
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Item {
        self.hint = Some(hint.into());
        self
    }
    pub fn location(&self) -> String {
        match self.col {
            Some(c) => format!("{}:{}:{c}", self.file.display(), self.line),
            None => format!("{}:{}", self.file.display(), self.line),
        }
    }
}

/// Completion of UI strings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UiSummary {
    pub strings: usize,
    pub translated: usize,
    pub percent: f64,
}

/// Completion of content files (a stale translation counts as translated, and is listed).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContentSummary {
    pub documents: usize,
    pub translated: usize,
    pub current: usize,
    pub stale: usize,
    pub not_stamped: usize,
    pub untranslated: usize,
    pub percent: f64,
}

/// One row of the per-file table.
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    /// The translation file (where it would be, when missing).
    pub path: PathBuf,
    /// The default-language file it translates.
    pub source: PathBuf,
    pub kind: FileKind,
    pub total: usize,
    pub translated: usize,
    pub percent: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
}

/// What a translation file holds; in the JSON report `ftl`, `home`, `lessons-index`,
/// `badges-index`, `unit`, `lesson`, `badge` or `page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// UI strings.
    Ftl,
    Home,
    LessonsIndex,
    BadgesIndex,
    Unit,
    Lesson,
    Badge,
    Page,
}

impl FileKind {
    /// The name of the kind, as in the JSON report and the messages.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Ftl => "ftl",
            FileKind::Home => "home",
            FileKind::LessonsIndex => "lessons-index",
            FileKind::BadgesIndex => "badges-index",
            FileKind::Unit => "unit",
            FileKind::Lesson => "lesson",
            FileKind::Badge => "badge",
            FileKind::Page => "page",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything `status` found for one language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageReport {
    pub language: String,
    pub name: String,
    /// Share of the source's words (UI strings and content) that have a translation.
    pub percent: f64,
    pub ui: UiSummary,
    pub content: ContentSummary,
    pub files: Vec<FileRow>,
    pub items: Vec<Item>,
}

impl LanguageReport {
    /// Things `--strict` fails on.
    pub fn blocking(&self) -> usize {
        self.items.iter().filter(|i| i.kind.blocking()).count()
    }
}

/// The whole `status` report (the JSON output).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub default_language: String,
    pub languages: Vec<LanguageReport>,
    /// Problems outside the languages compared (e.g. syntax errors in the default language).
    pub warnings: Vec<Diagnostic>,
}

/// Percentage floored to one decimal, so that 100 means everything.
pub fn percent(done: usize, total: usize) -> f64 {
    if total == 0 {
        return 100.0;
    }
    (done as f64 * 1000.0 / total as f64).floor() / 10.0
}
